package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.BalancedInstance;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.AgentMessage;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskAction;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.sunco.SuncoSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterAll;

/**
 * The connector contract against the sandbox's SunCo and Agent Workspace. SunCo reports no assignment: an agent is
 * seen with their first message, so on accept the agent greets ({@link #GREETING}, the join signal the contract does
 * not compare), a transfer shows as the new agent's first message, and an unassignment is not reported at all (the
 * desk's "leave" is not a scenario here). Webhooks carry the webhook secret in {@code X-API-Key}, which signs nothing:
 * a stale replay is one whose events were created long ago, and a changed body is modelled as one re-addressed to
 * another app.
 */
class SuncoContractTest extends ConnectorContract {
  static final String GREETING = "(joins)";

  @Override
  protected ContractHarness harness() {
    return new SuncoHarness();
  }

  @AfterAll
  void everyRequestKeptTheSpec() {
    assertEquals(List.of(), SuncoSeeds.specViolations(fx), "every SunCo request Baton sent keeps the spec");
  }

  static final class SuncoHarness implements ContractHarness {
    private RoundRobinBalancer door;
    private volatile boolean refuseNext;

    @Override
    public Platform platform() {
      return Platform.zendesk_sunco;
    }

    @Override
    public String simulator() {
      return SuncoSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return SuncoSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      return SuncoSeeds.sandbox(config);
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        SuncoSeeds.setUp(fx, door);
      }
      ZendeskConnector connector = SuncoSeeds.connector(fx, door, instanceId);
      SuncoSeeds.awaitActive(connector, SuncoSeeds.CONNECTION);
      return new BalancedInstance(connector, door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      ZendeskSuncoHandover.Builder payload = ZendeskSuncoHandover.newBuilder().setName(visitorName);
      if (refuseNext) {
        refuseNext = false;
        // A group Support does not have: the Agent Workspace refuses the passControl (switchboard:passControl:failure).
        payload.setMetadata(Map.of("dataCapture.systemField.group_id", "424242424"));
      }
      return SuncoSeeds.startChat(visitorName, null, payload.build());
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      refuseNext = true;
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "PostMessage";
    }

    @Override
    public void accepted(ConnectorFixture fx, AgentDesk desk, String deskId, String agent) {
      desk.say(deskId, GREETING);
    }

    @Override
    public boolean joinSignal(Object event) {
      return event instanceof AgentMessage m && GREETING.equals(m.getText());
    }

    @Override
    public Set<DeskAction> relayed(Set<DeskAction> actions) {
      Set<DeskAction> relayed = EnumSet.copyOf(actions);
      relayed.remove(DeskAction.LEAVE);
      return relayed;
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          String conversation = chat.context().get("Conversation");
          return fx.sandbox.sunco().deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"id\":\"" + conversation + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"type\":\"[a-z:A-Z]+\"", "\"type\":\"switchboard:releaseControl\"")
              .replaceFirst("\"events\":\\[\\{\"id\":\"[^\"]+\"", "\"events\":[{\"id\":\"forged" + Instant.now()
                  .toEpochMilli() + "\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          String secret = SuncoSeeds.webhookSecret(fx);
          String sent = body;
          String key = secret;
          switch (signing) {
            case STALE -> sent = body.replaceAll("\"createdAt\":\"[^\"]+\"", "\"createdAt\":\""
                + Instant.now().minusSeconds(3600) + "\"");
            case OTHER_KEY -> key = "not-the-webhook-secret";
            case OTHER_BODY -> sent = body.replace(SuncoSimulator.APP_ID, "5f0000000000000000000001");
            case NONE -> key = null;
            case FRESH -> {
            }
          }
          int port = ((BalancedInstance) instance).connector().webhookPort();
          HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/sunco/"
              + SuncoSeeds.CONNECTION)).header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(sent));
          if (key != null) {
            b.header("X-API-Key", key);
          }
          return SuncoSeeds.HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        }
      });
    }
  }
}
