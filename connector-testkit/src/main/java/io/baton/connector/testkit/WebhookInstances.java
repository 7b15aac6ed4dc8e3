package io.baton.connector.testkit;

import io.baton.connector.webhooks.WebhookService;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntFunction;

/**
 * A contract's connector instances, each instance id keeping its webhook port across a restart as a deployment keeps
 * its public URL: the platform's retries of what it sent while an instance was down reach the one that replaced it.
 */
public final class WebhookInstances {
  private final Map<String, Integer> ports = new ConcurrentHashMap<>();

  /** The port the instance id last had; 0 (any) before its first start. */
  public int portOf(String instanceId) {
    return ports.getOrDefault(instanceId, 0);
  }

  /** Remembers the port an instance of this id got. */
  public void keep(String instanceId, int port) {
    ports.put(instanceId, port);
  }

  /** Starts an instance on the id's port ({@code starter} gets it, 0: any) and keeps the port it got. */
  public Running start(String instanceId, IntFunction<? extends WebhookService> starter) {
    WebhookService connector = starter.apply(portOf(instanceId));
    keep(instanceId, connector.webhookPort());
    return new Running(connector);
  }

  /** A started instance, stopped abruptly. */
  public record Running(WebhookService connector) implements ContractHarness.Instance {
    @Override
    public void stop() {
      connector.stop();
    }
  }
}
