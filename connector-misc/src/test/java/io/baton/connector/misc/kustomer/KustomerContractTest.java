package io.baton.connector.misc.kustomer;

import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.WebhookInstances;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kustomer.KustomerSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;

/**
 * The connector contract against the sandbox's Kustomer: the handoff with the transcript, agents who accept, leave and
 * transfer, typing both ways, signed webhooks (a stale one is an event whose signed {@code createdAt} is hours old).
 */
class KustomerContractTest extends ConnectorContract {
  static final String CONNECTION = "3b0c7d52-6f0e-4f7c-9a51-kustomer0001";

  @Override
  protected ContractHarness harness() {
    return new KustomerHarness();
  }

  @AfterAll
  void retireTheConnection() {
    ConnectionsTopic.retire(fx, CONNECTION);
  }

  static final class KustomerHarness implements ContractHarness {
    private final WebhookInstances instances = new WebhookInstances();
    private boolean connected;

    @Override
    public Platform platform() {
      return Platform.kustomer;
    }

    @Override
    public String simulator() {
      return KustomerSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      HelpdeskSandbox sandbox = KustomerSeeds.sandbox(config, KustomerSeeds.fastSimulator());
      sandbox.kustomer().plan("ultimate");
      return sandbox;
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) {
      if (!connected) {
        KustomerSeeds.connection(fx, CONNECTION, Map.of("plan", "ultimate"), fx.sandbox.kustomer().apiKey());
        connected = true;
      }
      return instances.start(instanceId, port -> KustomerSeeds.active(fx, instanceId, port, CONNECTION));
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return KustomerSeeds.startChat(CONNECTION, visitorName, visitorName.toLowerCase() + "@example.com",
          fx.sandbox.kustomer().defaultQueueId(), List.of("contract"));
    }

    @Override
    public Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
      return deskChatOfHandover(fx, conversation, "External id");
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("v2.1/chat/handoff", 400, Duration.ZERO, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "v2.1/chat/messages";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return fx.sandbox.kustomer().deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"" + chat.id() + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          String ended =
              body.replaceFirst("\"name\":\"kustomer\\.[a-z.]+\"", "\"name\":\"kustomer.conversation.update\"")
                  .replaceFirst("\"id\":\"[^\"]+\"", "\"id\":\"forged-" + Instant.now().toEpochMilli() + "\"");
          return ended.substring(0, ended.lastIndexOf('}'))
              + ",\"changes\":{\"attributes\":{\"status\":{\"before\":\"open\",\"after\":\"done\"}}}}";
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((WebhookInstances.Running) instance).connector().webhookPort();
          String token = KustomerSeeds.tokenAt(fx, KustomerSeeds.webhookUrl(port, CONNECTION));
          String sent = signing == Signing.STALE ? body.replaceFirst("\"createdAt\":\"[^\"]+\"",
              "\"createdAt\":\"" + Instant.now().minusSeconds(3 * 3600) + "\"") : body;
          String signature = switch (signing) {
            case FRESH, STALE -> KustomerWebhooks.sign(token, sent.getBytes(StandardCharsets.UTF_8));
            case OTHER_KEY -> KustomerWebhooks.sign("not-the-webhook-token", sent.getBytes(StandardCharsets.UTF_8));
            case OTHER_BODY -> KustomerWebhooks.sign(token, (sent + " ").getBytes(StandardCharsets.UTF_8));
            case NONE -> null;
          };
          return KustomerSeeds.post(port, CONNECTION, sent, signature, CONNECTION);
        }
      });
    }
  }
}
