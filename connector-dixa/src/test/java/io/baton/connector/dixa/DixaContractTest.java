package io.baton.connector.dixa;

import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.WebhookInstances;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.sandbox.kit.DeskChat;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The connector contract against the sandbox's Dixa: signed webhooks, an agent who can leave, no transfer. */
class DixaContractTest extends ConnectorContract {

  @Override
  protected ContractHarness harness() {
    return new DixaHarness();
  }

  static final class DixaHarness implements ContractHarness {
    private final WebhookInstances instances = new WebhookInstances();

    @Override
    public Platform platform() {
      return Platform.dixa;
    }

    @Override
    public String simulator() {
      return DixaSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return DixaSeeds.CONNECTION;
    }

    @Override
    public Instance start(ConnectorFixture fx, String instanceId) {
      DixaConfig config = DixaConfig.of(fx.sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0)
          .withHost(HostConfig.defaults(DixaConfig.DIXA_LIMITS).withInstanceId(instanceId));
      return instances.start(instanceId, port -> DixaSeeds.connector(fx,
          port == 0 ? config : config.withWebhook(port, "http://localhost:" + port)));
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return DixaSeeds.startChat(visitorName, visitorName.toLowerCase() + "@example.com", DixaSimulator.DEFAULT_QUEUE,
          List.of("contract"));
    }

    @Override
    public Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
      return deskChatOfHandover(fx, conversation, "External id");
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      fx.sandbox.dixa().fail("import", 422, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "message";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return fx.sandbox.dixa().deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().matches("(?s).*\"csid\":" + chat.id() + "[,}].*"))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"event_fqn\":\"[A-Z_]+\"", "\"event_fqn\":\"CONVERSATION_CLOSED\"")
              .replaceFirst("\"event_id\":\"[^\"]+\"", "\"event_id\":\"forged-" + Instant.now().toEpochMilli() + "\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((WebhookInstances.Running) instance).connector().webhookPort();
          String secret = DixaSeeds.secretOf(fx, port);
          long now = Instant.now().getEpochSecond();
          String signature = switch (signing) {
            case FRESH -> DixaSimulator.signature(secret, now, body);
            case STALE -> DixaSimulator.signature(secret, now - 3600, body);
            case OTHER_KEY -> DixaSimulator.signature("00ff00ff", now, body);
            case OTHER_BODY -> DixaSimulator.signature(secret, now, body + " ");
            case NONE -> null;
          };
          return DixaSeeds.post(port, body, signature);
        }
      });
    }
  }
}
