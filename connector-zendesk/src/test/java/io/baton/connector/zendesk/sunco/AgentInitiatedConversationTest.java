package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.ChatEnded;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.VisitorMessage;
import io.baton.events.ZendeskSupportHandover;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.zendesk.Ticket;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Agent-initiated conversations end to end in the sandbox, with the router in-process between the connector's two
 * parts: an agent's ticket tagged {@code sunco_send} becomes a proactive business message in the requester's SunCo
 * conversation, the user's reply lands on the ticket, and solving the ticket gives the conversation back to the bot.
 * Tickets that do not qualify are left alone.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AgentInitiatedConversationTest {
  static final String SUPPORT = "9d2e7c41-support-agent-initiated";

  @Test
  void anAgentsTaggedTicketReachesTheUserAndTheirReplyTheTicketUntilItIsSolved(KafkaBroker broker) throws Exception {
    Path state = Files.createTempDirectory("router-ai");
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      String integration = SuncoSeeds.setUp(fx, door);
      SuncoSeeds.botInSwitchboard(fx, integration);
      supportConnection(fx, SUPPORT, SuncoSeeds.CONNECTION);
      RouterService router = new RouterService(RouterConfig.defaults().withApplicationId("router-ai-" + fx.run)
          .withStateDir(state.toString()), fx.settings);
      router.start();
      ZendeskConnector connector = SuncoSeeds.connector(fx, door, "ai-" + fx.run);
      try {
        SuncoSeeds.awaitActive(connector, SuncoSeeds.CONNECTION);
        Eventually.until(ConnectorFixture.PATIENCE, "the Support connection active",
            () -> connector.support().connections().isActive(SUPPORT));
        String email = "kim-" + fx.run + "@example.com";
        String userId = SuncoSeeds.sunco(fx, "POST", "/users", "{\"externalId\":\"" + email
            + "\",\"profile\":{\"givenName\":\"Kim\",\"email\":\"" + email + "\"}}").path("user").path("id").asText();

        String older = conversation(fx, userId);
        String newer = conversation(fx, userId);
        Thread.sleep(5); // SunCo's times have milliseconds: the message is later than the newer conversation's start
        SuncoSeeds.sunco(fx, "POST", "/conversations/" + older + "/messages", "{\"author\":{\"type\":\"business\"},"
            + "\"content\":{\"type\":\"text\",\"text\":\"Welcome back, Kim\"}}");

        // Left alone: no tag, and a ticket linked before; then the one that qualifies.
        var agent = fx.sandbox.zendesk().agent();
        long untagged = agent.createTicket(email, "Kim", "No tag", "not for SunCo", List.of("other"));
        long linked = agent.createTicket(email, "Kim", "Linked", "linked before",
            List.of("sunco_send", "baton_linked"));
        // An end user's own ticket through the API (its submitter is the requester): the trigger fires, the
        // connector reads the submitter and leaves it.
        long byEndUser = supportCall(fx, "POST", "/tickets", "{\"ticket\":{\"subject\":\"Mine\","
            + "\"comment\":{\"body\":\"from the end user\"},\"requester\":{\"name\":\"Kim\",\"email\":\"" + email
            + "\"},\"tags\":[\"sunco_send\"]}}").path("ticket").path("id").asLong();
        // The trigger does not fire for the untagged and linked ones; a delivery about them anyway changes nothing.
        for (long other : List.of(untagged, linked)) {
          assertEquals(200, postSigned(fx, connector, "{\"baton\":\"agent_initiated\",\"ticket_id\":\"" + other
              + "\",\"updated_at\":\"x\",\"comment_id\":\"\",\"status\":\"New\"}"));
        }
        // A requester the SunCo app does not know (never used messaging): acknowledged, not linked.
        long noUser = agent.createTicket("nobody-" + fx.run + "@example.com", "Nobody", "Hi", "hello?", null);
        long ticket = agent.createTicket(email, "Kim", "Your order", "Hello Kim, your order shipped.", null);

        // The proactive message, as the business, in the user's most recently active conversation: they have two,
        // and the older one was written in last.
        String conversation = older;
        Eventually.until(ConnectorFixture.PATIENCE, "the proactive message", () -> texts(fx, conversation, "business")
            .contains("Hello Kim, your order shipped."));
        assertTrue(fx.sandbox.zendesk().ticket(ticket).orElseThrow().tags().containsAll(List.of("baton",
            "baton_linked")));
        assertEquals(List.of(older, newer), conversations(fx, userId), "no conversation created");
        assertTrue(texts(fx, newer, "business").isEmpty());

        // The user's reply goes to the ticket as the requester's comment.
        SuncoSeeds.sunco(fx, "POST", "/conversations/" + conversation + "/messages", "{\"author\":{\"type\":\"user\","
            + "\"userId\":\"" + userId
            + "\"},\"content\":{\"type\":\"text\",\"text\":\"Thanks! When will it arrive?\"}}");
        long requester = fx.sandbox.zendesk().ticket(ticket).orElseThrow().requesterId();
        Eventually.until(ConnectorFixture.PATIENCE, "the reply on the ticket", () -> comments(fx, ticket).stream()
            .anyMatch(c -> c.authorId() == requester && c.body().equals("Thanks! When will it arrive?")));
        agent.comment(ticket, "Tomorrow.", true);
        Eventually.until(ConnectorFixture.PATIENCE, "the agent's reply", () -> texts(fx, conversation, "business")
            .contains("Tomorrow."));

        // Solved: the handover ends, and the user's next message is the bot's, not the ticket's.
        agent.solve(ticket);
        String batonConversation = SuncoConversationIds.of(conversation);
        Eventually.until(ConnectorFixture.PATIENCE, "the chat ended", () -> fx.allAgentEventsOf(batonConversation)
            .stream().anyMatch(e -> e instanceof ChatEnded ended && ended.getEndedBy() == EndedBy.agent));
        logged(broker, batonConversation, e -> e.getBody() instanceof ControlReturnedToBot);
        SuncoSeeds.sunco(fx, "POST", "/conversations/" + conversation + "/messages", "{\"author\":{\"type\":\"user\","
            + "\"userId\":\"" + userId + "\"},\"content\":{\"type\":\"text\",\"text\":\"one more thing\"}}");
        // The router logs it as the bot's: no command goes to the ticket's connector.
        ConversationEvent more = logged(broker, batonConversation,
            e -> e.getBody() instanceof VisitorMessage m && m.getText().equals("one more thing"));
        assertEquals(Controller.bot, more.getController());
        assertTrue(comments(fx, ticket).stream().noneMatch(c -> c.body().contains("one more thing")),
            "after the ticket is solved the conversation is the bot's");

        // Exactly one handover, for the tagged ticket; the others were never linked.
        List<String> handed = handovers(fx);
        assertEquals(List.of(Long.toString(ticket)), handed);
        assertTrue(!fx.sandbox.zendesk().ticket(untagged).orElseThrow().tags().contains("baton_linked"));
        assertEquals(1, comments(fx, linked).size());
        assertTrue(!fx.sandbox.zendesk().ticket(byEndUser).orElseThrow().tags().contains("baton_linked"));
        assertTrue(!fx.sandbox.zendesk().ticket(noUser).orElseThrow().tags().contains("baton_linked"));
        assertTrue(fx.sandbox.zendesk().webhookDeliveries().stream().anyMatch(d -> d.status() == 200
            && d.body().contains("\"agent_initiated\"") && d.body().contains("\"" + noUser + "\"")),
            "the ticket of a requester without a SunCo user was answered, not retried");
        assertTrue(fx.sandbox.zendesk().webhookDeliveries().stream().anyMatch(d -> d.status() == 200
            && d.body().contains("\"agent_initiated\"") && d.body().contains("\"" + byEndUser + "\"")),
            "the end user's ticket fired the trigger and was answered");
        assertEquals(List.of(), SuncoSeeds.specViolations(fx), "every SunCo request Baton sent keeps the spec");

        // A Support connection may reach only its own tenant's SunCo conversations.
        String foreign = "sunco-globex-" + fx.run;
        Map<String, String> settings = SuncoSeeds.settings(integration);
        ConnectionsTopic.write(fx, Connection.newBuilder().setConnectionId(foreign).setTenant("globex")
            .setPlatform(Platform.zendesk_sunco).setName(foreign).setEnabled(true).setSettings(settings)
            .setEncryptedSecrets(
                ByteBuffer.wrap(ConnectionsTopic.SECRETS.seal("globex", foreign, SuncoSeeds.secrets())))
            .setStatus(ConnectionStatus.pending).setUpdatedAt(Instant.now()).build());
        Eventually.until(ConnectorFixture.PATIENCE, "the other tenant's SunCo connection read",
            () -> connector.sunco().connections().tenant(foreign).isPresent());
        supportConnection(fx, SUPPORT + "-foreign", foreign);
        supportConnection(fx, SUPPORT + "-nowhere", "no-such-connection-" + fx.run);
        assertEquals("'agentInitiated.channelConnectionId' is " + foreign + ", a zendesk_sunco connection of another "
            + "tenant: a Support connection reaches only its own tenant's conversations",
            inactiveReason(fx, SUPPORT + "-foreign"));
        assertTrue(inactiveReason(fx, SUPPORT + "-nowhere").startsWith("'agentInitiated.channelConnectionId' is "
            + "no-such-connection-" + fx.run + ", which is no zendesk_sunco connection this connector knows"));
      } finally {
        connector.stop();
        router.stop();
      }
    }
  }

  /** A Support API call as Baton's API user. */
  static JsonNode supportCall(ConnectorFixture fx, String method, String path, String body) {
    try {
      java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create(
          fx.sandbox.zendeskUrl() + "/api/v2" + path)).header("Authorization", ZendeskSupportSimulator.authorization(
              ZendeskSupportSimulator.API_EMAIL, ZendeskSupportSimulator.API_TOKEN))
          .header("Content-Type", "application/json").method(method, body == null
              ? java.net.http.HttpRequest.BodyPublishers.noBody()
              : java.net.http.HttpRequest.BodyPublishers.ofString(body))
          .build();
      var r = SuncoSeeds.HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return io.baton.connector.zendesk.sunco.SuncoClient.JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Posts a body to the instance as Zendesk signs it with Baton's webhook's secret; the status. */
  private static int postSigned(ConnectorFixture fx, ZendeskConnector connector, String body) throws Exception {
    return postSigned(fx, connector, SUPPORT, body);
  }

  /** Posts a body to the instance as Zendesk signs it for the connection's webhook; the status. */
  static int postSigned(ConnectorFixture fx, ZendeskConnector connector, String support, String body)
      throws Exception {
    String secret = null;
    for (JsonNode w : supportCall(fx, "GET", "/webhooks", null).path("webhooks")) {
      if (("baton-" + support).equals(w.path("name").asText())) {
        secret = supportCall(fx, "GET", "/webhooks/" + w.path("id").asText() + "/signing_secret", null)
            .path("signing_secret").path("secret").asText();
      }
    }
    String at = Instant.now().truncatedTo(java.time.temporal.ChronoUnit.SECONDS).toString();
    java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:"
        + connector.webhookPort() + "/webhooks/zendesk_support/" + support))
        .header("X-Zendesk-Webhook-Signature", ZendeskSupportSimulator.webhookSignature(secret, at, body))
        .header("X-Zendesk-Webhook-Signature-Timestamp", at).header("Content-Type", "application/json")
        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build();
    return SuncoSeeds.HTTP.send(request, java.net.http.HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A zendesk_support connection of the test's tenant, its agent-initiated conversations reaching users through
   * {@code channel}. */
  private static void supportConnection(ConnectorFixture fx, String id, String channel) {
    supportConnection(fx, id, channel, Map.of());
  }

  /** The same with more settings. */
  static void supportConnection(ConnectorFixture fx, String id, String channel, Map<String, String> more) {
    Map<String, String> settings = new java.util.HashMap<>(more);
    settings.putAll(Map.of("domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com", "email",
        ZendeskSupportSimulator.API_EMAIL, "agentInitiated.channelConnectionId", channel));
    ConnectionsTopic.pending(fx, Platform.zendesk_support, id, settings,
        Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
  }

  /** The reason a connection is inactive for, once connections.v1 says so. */
  static String inactiveReason(ConnectorFixture fx, String id) {
    String[] reason = new String[1];
    Eventually.until(ConnectorFixture.PATIENCE, id + " inactive", () -> {
      Connection c = ConnectionsTopic.latest(fx).get(id);
      if (c == null || c.getStatus() != ConnectionStatus.inactive || c.getStatusReason() == null) {
        return false;
      }
      reason[0] = c.getStatusReason();
      return true;
    });
    return reason[0];
  }

  /** A new conversation of the user, as their messenger would start one; its id. */
  private static String conversation(ConnectorFixture fx, String userId) {
    return SuncoSeeds.sunco(fx, "POST", "/conversations", "{\"type\":\"personal\",\"participants\":[{\"userId\":\""
        + userId + "\"}]}").path("conversation").path("id").asText();
  }

  private static List<String> conversations(ConnectorFixture fx, String userId) {
    List<String> ids = new ArrayList<>();
    SuncoSeeds.sunco(fx, "GET", "/conversations?filter%5BuserId%5D=" + userId, null).path("conversations")
        .forEach(c -> ids.add(c.path("id").asText()));
    return ids;
  }

  private static List<String> texts(ConnectorFixture fx, String conversation, String authorType) {
    List<String> texts = new ArrayList<>();
    for (JsonNode m : SuncoSeeds.sunco(fx, "GET", "/conversations/" + conversation + "/messages", null)
        .path("messages")) {
      if (authorType.equals(m.path("author").path("type").asText())) {
        texts.add(m.path("content").path("text").asText());
      }
    }
    return texts;
  }

  private static List<Ticket.Comment> comments(ConnectorFixture fx, long ticket) {
    return fx.sandbox.zendesk().ticket(ticket).orElseThrow().comments();
  }

  /** The tickets of the handovers written to the router's input. */
  private static List<String> handovers(ConnectorFixture fx) {
    return handovers(fx, SUPPORT);
  }

  /** The tickets of the connection's handovers written to the router's input. */
  static List<String> handovers(ConnectorFixture fx, String support) {
    var topic = Topics.CONVERSATION_INPUTS;
    return fx.kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .map(r -> ConversationInputs.as(r.value(), HandoverRequested.class)).filter(Objects::nonNull)
        .filter(h -> h.getPlatform() == Platform.zendesk_support && support.equals(h.getConnectionId()))
        .map(h -> ((ZendeskSupportHandover) h.getPayload()).getTicketId()).distinct().toList();
  }

  /** The first event of the conversation's log (as the router wrote it) that matches, waiting for it. */
  private static ConversationEvent logged(KafkaBroker broker, String conversation,
      java.util.function.Predicate<ConversationEvent> match) {
    String key = ConnectorFixture.key(conversation);
    var topic = Topics.CONVERSATION_EVENTS;
    return broker.readUntil(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
        read -> read.stream().anyMatch(r -> key.equals(r.key()) && match.test(r.value())), ConnectorFixture.PATIENCE)
        .stream().filter(r -> key.equals(r.key()) && match.test(r.value())).map(r -> r.value()).findFirst()
        .orElseThrow(() -> new AssertionError("nothing of " + key + " on the log matched"));
  }
}
