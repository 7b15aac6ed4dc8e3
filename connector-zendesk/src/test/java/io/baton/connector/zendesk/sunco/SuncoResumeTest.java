package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.sandbox.sunco.AgentTicket;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A connector killed in the middle of a handover's steps goes on from its link: nothing created or posted twice. */
@ExtendWith(KafkaBrokerExtension.class)
class SuncoResumeTest {

  @Test
  void aKillMidTranscriptPostsEachLineOnceAndOpensOneConversationAndTicket(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      SuncoSeeds.setUp(fx, door);
      SuncoSimulator sunco = fx.sandbox.sunco();
      ZendeskConnector first = SuncoSeeds.connector(fx, door, "resume-" + fx.run);
      SuncoSeeds.awaitActive(first, SuncoSeeds.CONNECTION);
      // The first transcript line is taken by SunCo, but its answer comes too late: the connector dies waiting.
      sunco.faults().slowNext("PostMessage", Duration.ofSeconds(3), 1);
      String c = "resume-" + fx.run;
      StartChat start = SuncoSeeds.startChat("Eve");
      start.setTranscript(List.of(new TranscriptEntry(TranscriptRole.visitor, "line 1", Instant.EPOCH),
          new TranscriptEntry(TranscriptRole.bot, "line 2", Instant.EPOCH.plusSeconds(1)),
          new TranscriptEntry(TranscriptRole.visitor, "line 3", Instant.EPOCH.plusSeconds(2))));
      fx.start(c, start);
      Eventually.until(ConnectorFixture.PATIENCE, "the first line taken", () -> conversationOf(fx, c) != null
          && !sunco.messages(conversationOf(fx, c)).isEmpty());
      String conversation = conversationOf(fx, c);
      door.remove(first.webhookPort());
      first.stop(); // killed: the start's offset is not committed, its link says the conversation exists
      Eventually.until(ConnectorFixture.PATIENCE, "the late answer given", () -> sunco.journal().requests().stream()
          .anyMatch(r -> r.operation().equals("PostMessage")));
      assertEquals(1, sunco.messages(conversation).size());

      ZendeskConnector second = SuncoSeeds.connector(fx, door, "resume-" + fx.run);
      try {
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
        assertEquals(List.of("line 1", "line 2", "line 3"), sunco.messages(conversation).stream()
            .map(m -> m.path("content").path("text").asText()).toList(), "each transcript line once");
        long conversations = sunco.tickets().stream().filter(t -> t.conversationId().equals(conversation)).count();
        assertEquals(1, conversations, "one ticket");
        assertEquals(1, fx.sandbox.sunco().journal().requests().stream()
            .filter(r -> r.operation().equals("CreateConversation")).count(), "one conversation");
        AgentTicket ticket = sunco.tickets().get(0);
        assertEquals(sunco.messages(conversation).get(0).path("id").asText(), ticket.historyMessageIds().get(0));
        fx.desk("sunco").accept(ticket.id(), "Kim");
        fx.desk("sunco").say(ticket.id(), "Kim here");
        assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Kim", null),
            new AgentMessage("Kim here", "Kim", List.of())), fx.agentEventsOf(c, 3));
      } finally {
        second.stop();
      }
    }
  }

  @Test
  void visitorMessagesSuncoTookBeforeARestartAreNotPostedAgain(KafkaBroker broker) throws Exception {
    try (ConnectorFixture fx = SuncoSeeds.fixture(broker); RoundRobinBalancer door = new RoundRobinBalancer()) {
      SuncoSeeds.setUp(fx, door);
      SuncoSimulator sunco = fx.sandbox.sunco();
      ZendeskConnector first = SuncoSeeds.connector(fx, door, "posted-" + fx.run);
      SuncoSeeds.awaitActive(first, SuncoSeeds.CONNECTION);
      String c = "posted-" + fx.run;
      StartChat start = SuncoSeeds.startChat("Ola");
      start.setTranscript(List.of(new TranscriptEntry(TranscriptRole.visitor, "line 1", Instant.EPOCH)));
      fx.start(c, start);
      assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
      String conversation = conversationOf(fx, c);
      String userId = sunco.messages(conversation).get(0).path("author").path("userId").asText();
      // The instance posted two commands' messages, then died before its link recorded either: the next owner
      // repeats both, and the second is as much SunCo's already as the first.
      for (String[] m : new String[][] {{"v1", "before the crash"}, {"v2", "also before the crash"}}) {
        SuncoSeeds.sunco(fx, "POST", "/conversations/" + conversation + "/messages", "{\"author\":{\"type\":\"user\","
            + "\"userId\":\"" + userId + "\"},\"content\":{\"type\":\"text\",\"text\":\"" + m[1] + "\"},"
            + "\"metadata\":{\"baton.origin\":\"baton\",\"baton.command\":\"" + m[0] + "-" + c + "\"}}");
      }
      door.remove(first.webhookPort());
      first.stop();
      ZendeskConnector second = SuncoSeeds.connector(fx, door, "posted-" + fx.run);
      try {
        fx.say(c, "v1-" + c, "before the crash");
        fx.say(c, "v2-" + c, "also before the crash");
        fx.say(c, "v3-" + c, "after the restart");
        Eventually.until(ConnectorFixture.PATIENCE, "the third message in SunCo", () -> sunco.messages(conversation)
            .stream().anyMatch(m -> m.path("content").path("text").asText().equals("after the restart")));
        assertEquals(List.of("line 1", "before the crash", "also before the crash", "after the restart"),
            sunco.messages(conversation).stream().map(m -> m.path("content").path("text").asText()).toList());
      } finally {
        second.stop();
      }
    }
  }

  private static String conversationOf(ConnectorFixture fx, String batonConversation) {
    return fx.sandbox.sunco().journal().requests().stream().filter(r -> r.operation().equals("CreateConversation")
        && r.status() == 201).map(r -> {
          try {
            JsonNode answer = SuncoClient.JSON.readTree(r.answer()).path("conversation");
            return batonConversation.equals(answer.path("metadata").path("baton.conversation").asText())
                ? answer.path("id").asText() : null;
          } catch (java.io.IOException e) {
            return null;
          }
        }).filter(id -> id != null).findFirst().orElse(null);
  }
}
