package io.baton.connector.misc.gorgias;

import io.baton.connector.testkit.BalancedInstance;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.DeskChat;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The connector contract against the sandbox's Gorgias: the HTTP integration the connector registers posts to a front
 * door balancing the instances, with the connection's secret header; agents accept (assign), write, leave
 * (unassign), transfer (reassign) and close; no typing. Gorgias signs nothing: a delivery "signed" with another key
 * has another secret header, one over another body names another connection, a stale one's ticket was updated an
 * hour ago.
 */
class GorgiasContractTest extends ConnectorContract {
  @Override
  protected ContractHarness harness() {
    return new GorgiasHarness();
  }

  static final class GorgiasHarness implements ContractHarness {
    private RoundRobinBalancer door;

    @Override
    public Platform platform() {
      return Platform.gorgias;
    }

    @Override
    public String simulator() {
      return GorgiasSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return GorgiasSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      return GorgiasSeeds.sandbox(config);
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        GorgiasSeeds.connection(fx, GorgiasSeeds.CONNECTION, Map.of(), GorgiasSeeds.secrets(fx));
      }
      GorgiasService service = GorgiasSeeds.connector(fx, door, instanceId);
      GorgiasSeeds.awaitActive(service, GorgiasSeeds.CONNECTION);
      return new BalancedInstance(service, door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return GorgiasSeeds.startChat(GorgiasSeeds.CONNECTION, visitorName, visitorName.toLowerCase() + "@example.com",
          null, List.of(), null);
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("tickets", 400, null, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "tickets/" + chat.id() + "/messages";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return GorgiasSeeds.gorgias(fx).deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"ticket_id\":\"" + chat.id() + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"ticket_status\":\"[a-z]+\"", "\"ticket_status\":\"closed\"")
              .replaceFirst("\"ticket_updated_datetime\":\"[^\"]+\"", "\"ticket_updated_datetime\":\""
                  + Instant.now() + "\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((BalancedInstance) instance).connector().webhookPort();
          String secret = GorgiasSeeds.webhookSecret(fx, GorgiasSeeds.CONNECTION);
          return switch (signing) {
            case FRESH -> GorgiasSeeds.post(port, body, secret);
            case STALE -> GorgiasSeeds.post(port, body.replaceFirst("\"ticket_updated_datetime\":\"[^\"]+\"",
                "\"ticket_updated_datetime\":\"" + Instant.now().minus(1, ChronoUnit.HOURS) + "\""), secret);
            case OTHER_KEY -> GorgiasSeeds.post(port, body, secret.substring(1) + "0");
            case OTHER_BODY -> GorgiasSeeds.post(port, body.replace(GorgiasSeeds.CONNECTION,
                "another-connection"), secret);
            case NONE -> GorgiasSeeds.post(port, body, null);
          };
        }
      });
    }
  }
}
