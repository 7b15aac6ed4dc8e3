package io.baton.connector.misc.freshchat;

import io.baton.connector.misc.PlatformAlone;
import static io.baton.connector.testkit.ContractEvents.ended;
import static io.baton.connector.testkit.ContractEvents.joined;
import static io.baton.connector.testkit.ContractEvents.left;
import static io.baton.connector.testkit.ContractEvents.queued;
import static io.baton.connector.testkit.ContractEvents.said;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.testkit.BalancedInstance;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractChats;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.kit.DeskChat;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * The connector contract against the sandbox's Freshchat: RSA-signed webhooks to the account's one URL (a front door
 * balancing the instances), the bot's lines as private notes of a bot agent, agents who accept, transfer and resolve
 * (no typing, no leaving at Freshchat's desk). The signature covers no timestamp: a stale replay is a body whose
 * {@code action_time} is an hour old, signed with the account's key.
 */
class FreshchatContractTest extends ConnectorContract {
  /** Events posted by hand so far: each gets its own millisecond. */
  private int crafted;

  @Override
  protected ContractHarness harness() {
    return new FreshchatHarness();
  }

  static final class FreshchatHarness implements ContractHarness {
    private RoundRobinBalancer door;

    @Override
    public Platform platform() {
      return Platform.freshchat;
    }

    @Override
    public String simulator() {
      return FreshchatSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return FreshchatSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      return FreshchatSeeds.sandbox(config);
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        String bot = FreshchatSeeds.freshchat(fx).addAgent("Baton Bot");
        FreshchatSeeds.setUp(fx, door, Map.of("botAgentId", bot));
      }
      PlatformAlone<FreshchatConnector> service = FreshchatSeeds.connector(fx, door, instanceId);
      FreshchatSeeds.awaitActive(service, FreshchatSeeds.CONNECTION);
      return new BalancedInstance(service, door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return FreshchatSeeds.startChat(visitorName, visitorName.toLowerCase() + "@example.com");
    }

    @Override
    public Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
      return deskChatOfHandover(fx, conversation, "cf_baton_handover");
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("conversations.create", 400, null, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "messages.create";
    }

    @Override
    public Optional<Webhooks> webhooks() {
      return Optional.of(new Webhooks() {
        @Override
        public String lastDelivered(ConnectorFixture fx, DeskChat chat) {
          return FreshchatSeeds.freshchat(fx).deliveries().stream()
              .filter(d -> d.status() == 200 && d.body().contains("\"conversation_id\":\"" + chat.id() + "\""))
              .reduce((a, b) -> b).orElseThrow().body();
        }

        @Override
        public String forged(String body) {
          return body.replaceFirst("\"action\":\"[a-z_]+\"", "\"action\":\"conversation_resolution\"")
              .replaceFirst("\"assignment\":\\{", "\"resolve\":{\"resolver\":\"agent\",")
              .replaceFirst("\"action_time\":\"[^\"]+\"", "\"action_time\":\"" + Instant.now() + "\"");
        }

        @Override
        public int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception {
          int port = ((BalancedInstance) instance).connector().webhookPort();
          return switch (signing) {
            case FRESH -> FreshchatSeeds.post(port, body, FreshchatSeeds.signature(fx, body));
            case STALE -> {
              String stale = body.replaceFirst("\"action_time\":\"[^\"]+\"", "\"action_time\":\""
                  + Instant.now().minus(Duration.ofHours(1)) + "\"");
              yield FreshchatSeeds.post(port, stale, FreshchatSeeds.signature(fx, stale));
            }
            case OTHER_KEY -> FreshchatSeeds.post(port, body, otherKeysSignature(body));
            case OTHER_BODY -> FreshchatSeeds.post(port, body + " ", FreshchatSeeds.signature(fx, body));
            case NONE -> FreshchatSeeds.post(port, body, null);
          };
        }
      });
    }
  }

  /**
   * Freshchat promises no order, and its desk here has no "leave": events posted as Freshchat would sign them. An
   * agent's message outrunning its assignment says who joined, and the late assignment adds nothing; an assignment to
   * no agent puts the chat back in the queue; a system line is relayed without a name; a reopening means nothing.
   */
  @Test
  void eventsOutOfOrderAndWithoutAnAgentMeanWhatTheySay() throws Exception {
    try (Running running = running()) {
      ContractChats.Chat c = chats.open("crafted");
      String alex = FreshchatSeeds.freshchat(fx).agentId("Alex").orElseThrow();
      String conversation = "{\"conversation_id\":\"" + c.deskId + "\",\"status\":\"assigned\"}";
      post(event("agent", alex, "message_create", "{\"message\":{\"id\":\"crafted-1-" + c.deskId
          + "\",\"conversation_id\":\"" + c.deskId + "\",\"actor_type\":\"agent\",\"actor_id\":\"" + alex
          + "\",\"message_type\":\"normal\",\"message_parts\":[{\"text\":{\"content\":\"first!\"}}]}}"));
      post(event("agent", alex, "conversation_assignment", "{\"assignment\":{\"assignor\":\"agent\","
          + "\"assignor_id\":\"" + alex + "\",\"to_agent_id\":\"" + alex + "\",\"conversation\":" + conversation
          + "}}"));
      post(event("agent", alex, "conversation_assignment", "{\"assignment\":{\"assignor\":\"agent\","
          + "\"assignor_id\":\"" + alex + "\",\"to_agent_id\":null,\"to_group_id\":\"g\",\"from_agent_id\":\""
          + alex + "\",\"conversation\":" + conversation + "}}"));
      post(event("system", "system", "message_create", "{\"message\":{\"id\":\"crafted-2-" + c.deskId
          + "\",\"conversation_id\":\"" + c.deskId + "\",\"actor_type\":\"system\",\"actor_id\":\"system\","
          + "\"message_type\":\"normal\",\"message_parts\":[{\"text\":{\"content\":\"We are away\"}}]}}"));
      post(event("user", "u", "conversation_reopen", "{\"reopen\":{\"reopener\":\"user\",\"conversation\":"
          + conversation + "}}"));
      post(event("agent", alex, "conversation_resolution", "{\"resolve\":{\"resolver\":\"agent\","
          + "\"resolver_id\":\"" + alex + "\",\"conversation\":" + conversation + "}}"));
      chats.assertEvents(c, queued(), joined("Alex"), said("Alex", "first!"), left("Alex"), queued(),
          said(null, "We are away"), ended(EndedBy.agent));
    }
  }

  /** One event now (each a millisecond after the last: Freshchat's events of one action differ in time). */
  private String event(String actorType, String actorId, String action, String data) {
    Instant at = Instant.now().plusMillis(crafted++);
    return "{\"actor\":{\"actor_type\":\"" + actorType + "\",\"actor_id\":\"" + actorId + "\"},\"action\":\""
        + action + "\",\"action_time\":\"" + at + "\",\"data\":" + data + "}";
  }

  private void post(String body) throws Exception {
    HttpResponse<Void> r = FreshchatSeeds.HTTP.send(HttpRequest
        .newBuilder(
            URI.create(((FreshchatHarness) harness).door.url() + "/webhooks/freshchat/" + FreshchatSeeds.CONNECTION))
        .header("Content-Type", "application/json")
        .header("X-Freshchat-Signature", FreshchatSeeds.signature(fx, body))
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding());
    assertEquals(200, r.statusCode(), body);
  }

  static String otherKeysSignature(String body) throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(generator.generateKeyPair().getPrivate());
    signer.update(body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    return Base64.getEncoder().encodeToString(signer.sign());
  }
}
