package io.baton.connector.zendesk.support;

import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.WebhookInstances;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** The connector contract against the sandbox's Zendesk Support: tickets, signed trigger webhooks, batched lines. */
class SupportContractTest extends ConnectorContract {

  @Override
  protected ContractHarness harness() {
    return new SupportHarness();
  }

  record SupportInstance(SupportSeeds.Part part) implements ContractHarness.Instance {
    @Override
    public void stop() {
      part.stop();
    }
  }

  static final class SupportHarness implements ContractHarness {
    private final WebhookInstances instances = new WebhookInstances();
    private final Map<ConnectorFixture, Boolean> connected = new ConcurrentHashMap<>();

    @Override
    public Platform platform() {
      return Platform.zendesk_support;
    }

    @Override
    public String simulator() {
      return ZendeskSupportSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return SupportSeeds.CONNECTION;
    }

    @Override
    public Instance start(ConnectorFixture fx, String instanceId) {
      connected.computeIfAbsent(fx, f -> {
        SupportSeeds.connection(f);
        return true;
      });
      SupportSeeds.Part part = SupportSeeds.start(fx, instanceId, instances.portOf(instanceId));
      instances.keep(instanceId, part.port());
      return new SupportInstance(part);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return SupportSeeds.startChat(visitorName, visitorName.toLowerCase() + "@example.com", "Support",
          List.of("contract"), Map.of());
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      fx.sandbox.faults(simulator()).failNext("tickets.create", 422, null, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "tickets.update";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return fx.sandbox.zendesk().webhookDeliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"ticket_id\":\"" + chat.id() + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"baton\":\"[a-z_]+\"", "\"baton\":\"status\"")
              .replaceFirst("\"updated_at\":\"[^\"]*\"", "\"updated_at\":\"forged-" + Instant.now().toEpochMilli()
                  + "\"")
              .replaceFirst("\"status\":\"[A-Za-z]+\"", "\"status\":\"Solved\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((SupportInstance) instance).part().port();
          String secret = SupportSeeds.signingSecret(fx);
          Instant now = Instant.now().truncatedTo(ChronoUnit.SECONDS);
          String fresh = now.toString();
          String stale = now.minus(Duration.ofHours(1)).toString();
          return switch (signing) {
            case FRESH -> SupportSeeds.post(port, body, fresh,
                ZendeskSupportSimulator.webhookSignature(secret, fresh, body));
            case STALE -> SupportSeeds.post(port, body, stale,
                ZendeskSupportSimulator.webhookSignature(secret, stale, body));
            case OTHER_KEY -> SupportSeeds.post(port, body, fresh,
                ZendeskSupportSimulator.webhookSignature("not-the-secret", fresh, body));
            case OTHER_BODY -> SupportSeeds.post(port, body, fresh,
                ZendeskSupportSimulator.webhookSignature(secret, fresh, body + " "));
            case NONE -> SupportSeeds.post(port, body, null, null);
          };
        }
      });
    }
  }
}
