package io.baton.connector.testkit;

import io.baton.connector.webhooks.WebhookService;

/**
 * A connector instance behind a {@link RoundRobinBalancer}: stopping takes it out of the balancer first, as a health
 * check would, then stops it.
 */
public record BalancedInstance(WebhookService connector, RoundRobinBalancer door) implements ContractHarness.Instance {
  @Override
  public void stop() {
    door.remove(connector.webhookPort());
    connector.stop();
  }
}
