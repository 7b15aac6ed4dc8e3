package io.baton.ingress.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.InputRejected;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorRead;
import io.baton.events.VisitorTyping;
import io.baton.ingress.http.Json;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class WidgetEventJsonTest {
  static final String BOT = "\"controller\":\"bot\",\"status\":\"bot\",\"platform\":null";
  static final String AGENT = "\"controller\":\"agent\",\"status\":\"agent_connected\",\"platform\":\"dixa\"";

  static ConversationEvent bot(Object body) {
    return event(Controller.bot, ConversationStatus.bot, null, body);
  }

  static ConversationEvent agent(Object body) {
    return event(Controller.agent, ConversationStatus.agent_connected, Platform.dixa, body);
  }

  static ConversationEvent event(Controller c, ConversationStatus s, Platform p, Object body) {
    return ConversationEvent.newBuilder().setEventId("ev").setOccurredAt(Instant.parse("2025-05-01T10:15:30.125Z"))
        .setTenant("demo").setConversationId("c1").setSequence(42).setCausationId("in").setController(c)
        .setStatus(s).setHandoverId(p == null ? null : "h").setPlatform(p).setBody(body).build();
  }

  /** Asserts the type, the data line, and the whole SSE frame. */
  static void assertWidgetEvent(String type, String envelope, String body, ConversationEvent event) {
    String data = "{\"sequence\":42,\"eventId\":\"ev\",\"occurredAt\":\"2025-05-01T10:15:30.125Z\",\"type\":\""
        + type + "\"," + envelope + ",\"causationId\":\"in\"" + (body.isEmpty() ? "" : "," + body) + "}";
    assertEquals(Optional.of(type), WidgetEventJson.type(event));
    assertEquals(data, Json.write(WidgetEventJson.data(event)));
    assertEquals(Optional.of("id: 42\nevent: " + type + "\ndata: " + data + "\n\n"), WidgetEventJson.frame(event));
  }

  @Test
  void visitorMessage() {
    assertWidgetEvent("visitor.message", BOT, "\"text\":\"where is \\\"my\\\" order?\\nA-17\",\"attachments\":[]",
        bot(VisitorMessage.newBuilder().setText("where is \"my\" order?\nA-17").build()));
  }

  @Test
  void visitorLeft() {
    assertWidgetEvent("visitor.left", BOT, "\"reason\":null", bot(new VisitorLeft(null)));
  }

  @Test
  void botMessage() {
    assertWidgetEvent("bot.message", BOT, "\"text\":\"Pick one\",\"quickReplies\":[{\"title\":\"Agent\","
        + "\"payload\":\"HANDOVER\"}],\"attachments\":[{\"url\":\"https://x/y.pdf\",\"name\":\"y.pdf\","
        + "\"contentType\":\"application/pdf\",\"sizeBytes\":9}]",
        bot(new BotMessage("Pick one", List.of(new QuickReply("Agent", "HANDOVER")),
            List.of(new Attachment("https://x/y.pdf", "y.pdf", "application/pdf", 9L)))));
  }

  @Test
  void handoverStartedFillsThePlatform() {
    assertWidgetEvent("handover.started",
        "\"controller\":\"bot\",\"status\":\"handover_requested\",\"platform\":\"kustomer\"",
        "\"connectionId\":\"conn\"",
        event(Controller.bot, ConversationStatus.handover_requested, null,
            new HandoverStarted(Platform.kustomer, "conn")));
  }

  @Test
  void handoverRejected() {
    assertWidgetEvent("handover.rejected", BOT, "\"reason\":\"outside business hours\"",
        bot(new HandoverRejected("outside business hours")));
  }

  @Test
  void chatQueued() {
    assertWidgetEvent("chat.queued", "\"controller\":\"bot\",\"status\":\"queued\",\"platform\":\"dixa\"",
        "\"position\":3,\"estimatedWaitSeconds\":null",
        event(Controller.bot, ConversationStatus.queued, Platform.dixa, new ChatQueued(3, null)));
  }

  @Test
  void agentJoined() {
    assertWidgetEvent("agent.joined", AGENT, "\"agentName\":\"Alex\",\"agentId\":null",
        agent(new AgentJoined("Alex", null)));
  }

  @Test
  void agentMessage() {
    assertWidgetEvent("agent.message", AGENT, "\"text\":\"Hello\",\"agentName\":\"Alex\",\"attachments\":[]",
        agent(new AgentMessage("Hello", "Alex", List.of())));
  }

  @Test
  void agentTyping() {
    assertWidgetEvent("agent.typing", AGENT, "\"typing\":false", agent(new AgentTyping(false)));
  }

  @Test
  void chatTransferred() {
    assertWidgetEvent("chat.transferred", AGENT, "\"agentName\":\"Sam\",\"agentId\":\"42\"",
        agent(new ChatTransferred("Sam", "42")));
  }

  @Test
  void agentLeft() {
    assertWidgetEvent("agent.left", AGENT, "\"agentName\":\"Alex\"", agent(new AgentLeft("Alex")));
  }

  @Test
  void chatEnded() {
    assertWidgetEvent("chat.ended", BOT, "\"endedBy\":\"agent\",\"reason\":\"resolved\"",
        bot(new ChatEnded(EndedBy.agent, "resolved")));
  }

  @Test
  void handoverFailed() {
    assertWidgetEvent("handover.failed", BOT, "\"reason\":\"Salesforce rejected the button\"",
        bot(new HandoverFailed("Salesforce rejected the button")));
  }

  @Test
  void deliveryFailed() {
    assertWidgetEvent("delivery.failed", AGENT, "\"commandEventId\":\"cmd-1\",\"reason\":\"session expired\"",
        agent(new DeliveryFailed("cmd-1", "session expired")));
  }

  @Test
  void controlReturnedToBot() {
    assertWidgetEvent("control.returned", BOT, "\"reason\":\"chat ended\"",
        bot(new ControlReturnedToBot("chat ended")));
  }

  @Test
  void aRejectedInputGoesToBotsButNotToTheWidget() {
    ConversationEvent rejected = agent(new InputRejected("BotMessage", "an agent is in control"));
    assertEquals(Optional.empty(), WidgetEventJson.type(rejected));
    assertEquals(Optional.empty(), WidgetEventJson.frame(rejected));
    assertEquals(Optional.of("input.rejected"), WidgetEventJson.botType(rejected));
    assertEquals("input.rejected", WidgetEventJson.data(rejected).get("type").asText());
    assertEquals("BotMessage", WidgetEventJson.data(rejected).get("input").asText());
    assertEquals("an agent is in control", WidgetEventJson.data(rejected).get("reason").asText());
  }

  @Test
  void typingAndReadReceiptsOfTheVisitorAreNotWidgetEvents() {
    for (ConversationEvent e : List.of(bot(new VisitorTyping(true)), bot(new VisitorRead(3L)))) {
      assertEquals(Optional.empty(), WidgetEventJson.type(e));
      assertEquals(Optional.empty(), WidgetEventJson.frame(e));
      assertThrows(IllegalArgumentException.class, () -> WidgetEventJson.data(e));
    }
  }
}
