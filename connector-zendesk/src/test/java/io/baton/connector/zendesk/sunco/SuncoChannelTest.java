package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.DeliverToVisitor;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.sandbox.sunco.AgentTicket;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SunCo as the visitor's channel: the bot is the switchboard's first integration; the messenger's user talks to
 * Baton, Baton's bot answers with quick replies, hands over inside the same conversation, and gets it back when the
 * ticket closes.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SuncoChannelTest {

  private static List<VisitorEvent> visitorEventsOf(ConnectorFixture fx, String conversation) {
    var topic = Topics.CONVERSATION_INPUTS;
    return fx.kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals(ConnectorFixture.key(conversation)))
        .map(r -> ConversationInputs.as(r.value(), VisitorEvent.class)).filter(v -> v != null).toList();
  }

  private static List<String> textsOf(List<VisitorEvent> events) {
    return events.stream().map(e -> ((VisitorMessage) e.getBody()).getText()).toList();
  }

  @Test
  void theMessengersUserTalksToTheBotIsHandedOverInTheSameConversationAndComesBackToTheBot(KafkaBroker broker)
      throws Exception {
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      SuncoSeeds.botInSwitchboard(fx, SuncoSeeds.setUp(fx, door));
      ZendeskConnector connector = SuncoSeeds.connector(fx, door, "channel-" + fx.run);
      try {
        SuncoSeeds.awaitActive(connector, SuncoSeeds.CONNECTION);
        SuncoSimulator sunco = fx.sandbox.sunco();
        String user = "ann-" + fx.run;
        sunco.userWrites(user, "hello bot");
        String suncoConversation = sunco.conversationOf(user).orElseThrow();
        String c = SuncoConversationIds.of(suncoConversation);
        Eventually.until(ConnectorFixture.PATIENCE, "the visitor's message", () -> visitorEventsOf(fx, c).size() == 1);
        VisitorEvent first = visitorEventsOf(fx, c).get(0);
        assertEquals(ConnectorFixture.TENANT, first.getTenant());
        assertEquals(Platform.zendesk_sunco, first.getChannel());
        assertEquals(SuncoSeeds.CONNECTION, first.getChannelConnectionId());
        assertEquals(new VisitorMessage("hello bot", List.of()), first.getBody());

        // The bot answers with quick replies and an image; the same command again posts nothing more.
        BotMessage answer = new BotMessage("Billing or tech?", List.of(new QuickReply("Billing", "BILLING"),
            new QuickReply("Tech", "TECH")),
            List.of(new Attachment("https://cdn.example.com/menu.png", "menu.png",
                "image/png", 10L)));
        fx.send(c, fx.command(c, "bot-1-" + c, new DeliverToVisitor(answer)));
        fx.send(c, fx.command(c, "bot-1-" + c, new DeliverToVisitor(answer)));
        fx.send(c, fx.command(c, "bot-2-" + c, new DeliverToVisitor(new BotMessage("Pick one", List.of(),
            List.of()))));
        Eventually.until(ConnectorFixture.PATIENCE, "the bot's messages", () -> businessLines(fx, suncoConversation)
            .size() == 3);
        List<JsonNode> bot = businessLines(fx, suncoConversation);
        JsonNode actions = bot.get(0).path("content").path("actions");
        assertEquals("Billing or tech?", bot.get(0).path("content").path("text").asText());
        assertEquals("reply", actions.get(0).path("type").asText());
        assertEquals("BILLING", actions.get(0).path("payload").asText());
        assertEquals("Tech", actions.get(1).path("text").asText());
        assertEquals("image", bot.get(1).path("content").path("type").asText());
        assertEquals("Pick one", bot.get(2).path("content").path("text").asText());

        sunco.userTapsReply(user, bot.get(0).path("id").asText(), 0);
        Eventually.until(ConnectorFixture.PATIENCE, "the tapped reply", () -> visitorEventsOf(fx, c).size() == 2);
        assertEquals(List.of("hello bot", "BILLING"), textsOf(visitorEventsOf(fx, c)));

        // The handover, inside the same conversation: nothing created, nothing copied.
        int before = sunco.messages(suncoConversation).size();
        fx.start(c, SuncoSeeds.startChat("Ann", null, ZendeskSuncoHandover.newBuilder().setName("Ann")
            .setTags(List.of("channel")).build()));
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
        AgentTicket ticket = sunco.tickets().stream().filter(t -> t.conversationId().equals(suncoConversation))
            .findFirst().orElseThrow();
        assertEquals(before, sunco.messages(suncoConversation).size(), "no transcript posted");
        assertEquals(sunco.messages(suncoConversation).get(0).path("id").asText(), ticket.historyMessageIds().get(0));
        fx.desk("sunco").accept(ticket.id(), "Alex");
        fx.desk("sunco").say(ticket.id(), "Alex here");
        sunco.userWrites(user, "to the agent"); // the agent's now, not the bot's
        fx.desk("sunco").end(ticket.id());
        assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Alex", null),
            new AgentMessage("Alex here", "Alex", List.of()), new ChatEnded(EndedBy.agent, "ticketClosed")),
            fx.agentEventsOf(c, 4));

        // Back with the bot.
        sunco.userWrites(user, "thanks");
        Eventually.until(ConnectorFixture.PATIENCE, "the bot hears the visitor again",
            () -> visitorEventsOf(fx, c).size() == 3);
        assertEquals(List.of("hello bot", "BILLING", "thanks"), textsOf(visitorEventsOf(fx, c)));
        assertTrue(SuncoSeeds.specViolations(fx).isEmpty(), String.join("\n", SuncoSeeds.specViolations(fx)));
      } finally {
        connector.stop();
      }
    }
  }

  private static List<JsonNode> businessLines(ConnectorFixture fx, String conversation) {
    return fx.sandbox.sunco().messages(conversation).stream()
        .filter(m -> m.path("author").path("type").asText().equals("business")).toList();
  }
}
