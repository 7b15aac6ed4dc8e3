package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.SetVisitorTyping;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Handover, relay and webhooks against the sandbox's Dixa, on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class DixaChatsTest {

  @Test
  void aHandoverRunsEveryStepAndRelaysBothWays(KafkaBroker broker) {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      DixaConnector connector = DixaSeeds.connector(fx, DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS));
      try {
        String c = "flow-" + fx.run;
        String email = "ann-" + fx.run + "@example.com";
        DixaSeeds.start(fx, c, email);
        DixaSeeds.queued(fx, c);
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1)); // after the last step
        DixaConversation conversation = DixaSeeds.queued(fx, c);
        assertEquals("genericapimessaging", conversation.channel());
        assertEquals(List.of("inbound:I need a human", "outbound:Connecting you to an agent"),
            conversation.messages().stream().map(m -> m.direction() + ":" + m.text()).toList());
        assertEquals(List.of("some", "tag"), conversation.tags());
        List<Map<String, Object>> users = fx.sandbox.dixa().endUsers().stream()
            .filter(u -> email.equals(u.get("email"))).toList();
        assertEquals(1, users.size());
        assertEquals(users.get(0).get("id"), conversation.requesterId());

        // A second handover of the same visitor finds the end user instead of creating one; tags now exist.
        String again = "again-" + fx.run;
        DixaSeeds.start(fx, again, email);
        assertEquals(conversation.requesterId(), DixaSeeds.queued(fx, again).requesterId());
        assertEquals(1, fx.sandbox.dixa().endUsers().stream().filter(u -> email.equals(u.get("email"))).count());

        long id = conversation.id();
        fx.sandbox.dixa().assign(id, "Alex Agent");
        fx.say(c, "v1-" + c, "first", List.of());
        fx.say(c, "v2-" + c, "here is a file", List.of(new Attachment("https://files.example.com/a.png", "a.png",
            "image/png", 10L)));
        fx.send(c, fx.command(c, "t-" + c, new SetVisitorTyping(true)));
        fx.say(c, "v3-" + c, "third", List.of());
        Eventually.until(ConnectorFixture.PATIENCE, "the visitor's messages in Dixa",
            () -> fx.sandbox.dixa().conversation(id).orElseThrow().messages().size() == 5);
        List<DixaConversation.Message> messages = fx.sandbox.dixa().conversation(id).orElseThrow().messages();
        assertEquals(List.of("first", "here is a file", "third"), messages.subList(2, 5).stream()
            .map(DixaConversation.Message::text).toList());
        assertTrue(messages.subList(2, 5).stream().allMatch(m -> m.direction().equals("inbound")));
        assertEquals(List.of("https://files.example.com/a.png"), messages.get(3).attachmentUrls());

        fx.sandbox.dixa().typing(id);
        fx.sandbox.dixa().reply(id, "Hi Ann, Alex here");
        fx.sandbox.dixa().closeByAgent(id);
        List<Object> events = fx.agentEventsOf(c, 5);
        assertEquals(List.of(new ChatQueued(null, null), events.get(1), new AgentTyping(true),
            new AgentMessage("Hi Ann, Alex here", "Alex Agent", List.of()), new ChatEnded(EndedBy.agent, "closed")),
            events);
        assertEquals("Alex Agent", ((AgentJoined) events.get(1)).getAgentName());
        assertTrue(fx.linksOf(c).get(fx.linksOf(c).size() - 1).getEnded(), "the link ends with the handover");

        // The visitor ends the other one: Dixa closes it, and its own close webhook is not relayed back.
        fx.send(again, fx.command(again, "end-" + again, new EndChat("visitor left")));
        Eventually.until(ConnectorFixture.PATIENCE, "closed in Dixa",
            () -> DixaSeeds.queued(fx, again).status().equals("closed"));
        assertEquals(List.of(new ChatQueued(null, null)), fx.allAgentEventsOf(again));
        assertEquals(0, fx.sandbox.dixa().rateLimitedCount(), "within Dixa's limit nothing is refused");
      } finally {
        connector.stop();
      }
    }
  }

  @Test
  void abandonedEndsTheHandoverAndAHandoverWithoutEmailGetsItsOwnEndUser(KafkaBroker broker) {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      DixaConnector connector = DixaSeeds.connector(fx, DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS));
      try {
        String c = "abandon-" + fx.run;
        fx.send(c, fx.command(c, "start-" + c, DixaSeeds.startChat(null, null, List.of())));
        Eventually.until(ConnectorFixture.PATIENCE, "created", () -> DixaSeeds.conversationsOf(fx, c).size() == 1
            && fx.allAgentEventsOf(c).size() == 1);
        DixaConversation conversation = DixaSeeds.conversationsOf(fx, c).get(0);
        assertEquals(null, conversation.queueId(), "no queue in the payload: Dixa routes it");
        assertEquals(List.of(), conversation.tags());
        assertEquals("baton-acme-" + c, fx.sandbox.dixa().endUsers().stream()
            .filter(u -> u.get("id").equals(conversation.requesterId())).findFirst().orElseThrow().get("externalId"));
        fx.sandbox.dixa().abandon(conversation.id());
        assertEquals(List.of(new ChatQueued(null, null), new ChatEnded(EndedBy.visitor, "abandoned")),
            fx.agentEventsOf(c, 2));
      } finally {
        connector.stop();
      }
    }
  }

  @Test
  void forgedStaleAndDuplicatedWebhooksPublishNothing(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      DixaConnector connector = DixaSeeds.connector(fx, DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS));
      try {
        String c = "hooks-" + fx.run;
        DixaSeeds.start(fx, c, "hooks-" + fx.run + "@example.com");
        long id = DixaSeeds.queued(fx, c).id();
        fx.agentEventsOf(c, 1);
        fx.sandbox.dixa().assign(id, "Alex");
        fx.agentEventsOf(c, 2);
        // The connector publishes before it answers, and the sandbox records the answer after: wait for it.
        Supplier<Optional<DixaSimulator.Delivery>> answered = () -> fx.sandbox.dixa()
            .deliveries().stream().filter(d -> d.eventFqn().equals("CONVERSATION_ASSIGNED")
                && d.body().contains("\"csid\":" + id) && d.status() == 200)
            .findFirst();
        Eventually.until(ConnectorFixture.PATIENCE, "the assignment's delivery answered 200",
            () -> answered.get().isPresent());
        DixaSimulator.Delivery assigned = answered.get().orElseThrow();
        String secret = secretOf(fx);
        String forgedBody = assigned.body().replace("CONVERSATION_ASSIGNED", "CONVERSATION_CLOSED")
            .replace(assigned.eventId(), "forged-1");
        long now = Instant.now().getEpochSecond();

        assertEquals(401, DixaSeeds.post(connector, forgedBody, assigned.signature()),
            "a body it was not signed for");
        assertEquals(401, DixaSeeds.post(connector, forgedBody,
            DixaSimulator.signature("00ff00ff", now, forgedBody)), "signed with another key");
        assertEquals(401, DixaSeeds.post(connector, forgedBody, null), "unsigned");
        assertEquals(401, DixaSeeds.post(connector, forgedBody,
            DixaSimulator.signature(secret, now - 3600, forgedBody)), "a replay from an hour ago");
        // Dixa delivering the same event again (its retry), freshly signed: acknowledged, not relayed twice.
        assertEquals(200, DixaSeeds.post(connector, assigned.body(),
            DixaSimulator.signature(secret, now, assigned.body())));
        assertEquals(200, DixaSeeds.post(connector, assigned.body(), assigned.signature()));

        fx.sandbox.dixa().reply(id, "after the attacks");
        List<Object> events = fx.agentEventsOf(c, 3);
        assertEquals(3, events.size());
        assertEquals(new AgentMessage("after the attacks", "Alex", List.of()), events.get(2));
        assertEquals(1, fx.allAgentEventsOf(c).stream().filter(e -> e instanceof AgentJoined).count());
        assertEquals(0, fx.allAgentEventsOf(c).stream().filter(e -> e instanceof ChatEnded).count());
      } finally {
        connector.stop();
      }
    }
  }

  private static String secretOf(ConnectorFixture fx) throws Exception {
    var response = DixaSeeds.HTTP.send(java.net.http.HttpRequest.newBuilder(
        java.net.URI.create(fx.sandbox.dixaUrl() + "/webhooks")).header("Authorization", DixaSimulator.DEFAULT_TOKEN)
        .build(), java.net.http.HttpResponse.BodyHandlers.ofString());
    var data = DixaClient.JSON.readTree(response.body()).path("data");
    return data.get(data.size() - 1).path("secretKey").asText();
  }
}
