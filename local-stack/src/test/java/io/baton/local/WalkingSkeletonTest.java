package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ConversationEvent;
import io.baton.testkit.CapturedLogs;
import io.baton.testkit.TopicTail;
import io.baton.topics.Topics;
import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One conversation through every layer, on a real broker: widget -> ingress -> router -> Salesforce connector ->
 * Live Agent simulator -> agent reply -> router -> conversation log -> the widget's SSE stream.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
  /** What a bot sends: the seed's Salesforce payload, verbatim (trailing comma and placeholders included). */
  private static final String SEED_PAYLOAD = HandoverChoice.SEED_SALESFORCE_PAYLOAD;

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;

  static KafkaBroker broker;

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    broker = kafka;
    baton = new BatonUnderTest(kafka, stateDir, "skeleton",
        SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(2)),
        (sandbox, settings) -> SalesforceConnector.liveAgent(
            SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()), settings));
  }

  @AfterAll
  static void stopBaton() {
    baton.close();
  }

  @Test
  void aVisitorIsHandedToALiveAgentAndBack() throws Exception {
    String conversation = "skeleton-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(200, widget.status());

      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com",
            "pageProperties": {"userAgent": "Mozilla/5.0 (Test)", "screenRes": "1920x1080"}}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);

      baton.botSays(conversation, "Hi Ada, how can I help?");
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().size() == 2);

      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover", SEED_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());

      LiveAgentChat chat = awaitChat(conversationChat -> conversationChat.status() == ChatStatus.QUEUED);
      assertEquals("Ada", chat.visitorName());
      assertEquals("Mozilla/5.0 (Test)", chat.userAgent());
      assertEquals("1920x1080", chat.screenResolution());
      assertEquals("00D6g000003Q6HI", chat.organizationId());
      assertEquals("5726g000000k9nQ", chat.deploymentId());
      assertEquals("5736g000000k9nQ", chat.buttonId());
      assertEquals(List.of(
          Map.of("label", "Email", "value", "ada@example.com", "transcriptFields", List.of(), "displayToAgent", true),
          Map.of("label", "Bot transcript", "value", "Visitor: hello\nBot: Hi Ada, how can I help?",
              "transcriptFields", List.of(), "displayToAgent", true)),
          chat.prechatDetails());
      Eventually.until(PATIENCE, "the queue position in the widget", () -> widget.frames().size() == 4);

      baton.sandbox.liveAgent().accept(chat.sessionId(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 5);

      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> baton.sandbox.liveAgent().chat(chat.sessionId())
          .orElseThrow().transcript().stream().anyMatch(l -> l.text().equals("my order is late")));

      baton.sandbox.liveAgent().agentSays(chat.sessionId(), "Sorry to hear that, Ada. Let me check.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 7);

      baton.sandbox.liveAgent().endByAgent(chat.sessionId());
      Eventually.until(PATIENCE, "the end of the chat in the widget", () -> widget.frames().size() == 9);

      assertEquals(List.of(
          "1 visitor.message [bot] hello",
          "2 bot.message [bot] Hi Ada, how can I help?",
          "3 handover.started [agent] salesforce",
          "4 chat.queued [agent] position 1",
          "5 agent.joined [agent] Alex",
          "6 visitor.message [agent] my order is late",
          "7 agent.message [agent] Alex: Sorry to hear that, Ada. Let me check.",
          "8 chat.ended [agent] by agent",
          "9 control.returned [bot] the chat ended"),
          widget.frames().stream().map(BatonUnderTest::summary).toList());
      assertEquals(List.of("visitor", "agent"),
          baton.sandbox.liveAgent().chat(chat.sessionId()).orElseThrow().transcript()
              .stream().map(l -> l.from()).toList());
    }
  }

  /**
   * The "done when" for traces: the trace id a visitor's request carries is on the connector's platform call
   * (the simulator saw it), on the agent's reply in the conversation log (its record header), and on the log lines
   * of the ingress, router and connector that handled it (as the JSON lines a container writes).
   */
  @Test
  void aVisitorsTraceIdReachesThePlatformCallTheAgentsReplyAndTheLogs() throws Exception {
    String conversation = "traced-" + UUID.randomUUID();
    String key = LocalStack.DEV_TENANT + "/" + conversation;
    TraceParent visitor = TraceParent.start();
    try (CapturedLogs logs = CapturedLogs.start("io.baton");
         TopicTail<String, ConversationEvent> events = broker.tail(Topics.CONVERSATION_EVENTS.name(),
             new StringDeserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer())) {
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "pageProperties": {"userAgent": "Test", "screenRes": "1x1"}}}\
          """).statusCode());
      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover", SEED_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());
      LiveAgentChat chat = awaitChat(c -> c.status() == ChatStatus.QUEUED);
      baton.sandbox.liveAgent().accept(chat.sessionId(), "Alex");
      // joined before the traced message: a message held while queued goes out with the trace of the join's input
      events.until(all -> all.stream().anyMatch(r -> r.key().equals(key) && r.value().getBody() instanceof AgentJoined),
          PATIENCE);

      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", "{\"text\": \"traced\"}",
          "traceparent", visitor.toString(), "tracestate", "congo=t61rcWkgMzE").statusCode());
      Eventually.until(PATIENCE, "the traced message at the agent", () -> baton.sandbox.liveAgent()
          .chat(chat.sessionId()).orElseThrow().transcript().stream().anyMatch(l -> l.text().equals("traced")));
      List<String> calls = baton.sandbox.receivedTraces().calls().stream()
          .filter(c -> c.contains("-" + visitor.traceId() + "-")).toList();
      assertEquals(1, calls.size(), baton.sandbox.receivedTraces().calls().toString()); // the message's one call; its span is the connector's own
      assertTrue(calls.get(0).matches("POST /chat/rest/Chasitor/ChatMessage 00-" + visitor.traceId()
          + "-[0-9a-f]{16}-01"), calls.toString());
      assertFalse(calls.get(0).contains(visitor.parentId()), calls.toString());

      baton.sandbox.liveAgent().agentSays(chat.sessionId(), "traced reply");
      ConsumerRecord<String, ConversationEvent> reply = events.until(all -> all.stream().anyMatch(r -> isReply(r,
          key)), PATIENCE).stream().filter(r -> isReply(r, key)).findFirst().orElseThrow();
      assertEquals(visitor.traceId(), TraceHeaders.parent(reply.headers()).orElseThrow().traceId());

      Eventually.until(PATIENCE, "the router's line about the reply", () -> traced(logs, visitor).stream()
          .anyMatch(l -> l.get("formattedMessage").asText().equals("input AgentEvent")));
      List<JsonNode> lines = traced(logs, visitor);
      for (JsonNode line : lines) {
        assertEquals(key, line.get("mdc").get("conversation").asText(), line.toString());
      }
      assertEquals(Set.of("io.baton.ingress.http.Writes", "io.baton.router.switchboard.ConversationSwitchboard",
          "io.baton.connector.ConnectorHost"),
          lines.stream().map(l -> l.get("loggerName").asText()).collect(Collectors.toSet()), lines.toString());
    }
  }

  private static boolean isReply(ConsumerRecord<String, ConversationEvent> r, String key) {
    return r.key().equals(key) && r.value().getBody() instanceof AgentMessage m && m.getText().equals("traced reply");
  }

  /** The captured JSON lines with the visitor's trace id. */
  private static List<JsonNode> traced(CapturedLogs logs, TraceParent visitor) {
    List<JsonNode> lines = new java.util.ArrayList<>();
    for (String line : logs.lines()) {
      JsonNode json;
      try {
        json = JSON.readTree(line);
      } catch (java.io.IOException e) {
        throw new AssertionError("a log line that is not JSON: " + line, e);
      }
      if (json.path("mdc").path("trace_id").asText().equals(visitor.traceId())) {
        lines.add(json);
      }
    }
    return lines;
  }

  private LiveAgentChat awaitChat(java.util.function.Predicate<LiveAgentChat> ready) {
    LiveAgentChat[] found = new LiveAgentChat[1];
    Eventually.until(PATIENCE, "a chat at the Live Agent simulator", () -> {
      List<LiveAgentChat> chats = baton.sandbox.liveAgent().chats();
      if (chats.isEmpty() || !ready.test(chats.get(chats.size() - 1))) {
        return false;
      }
      found[0] = chats.get(chats.size() - 1);
      return true;
    });
    return found[0];
  }

  private static final ObjectMapper JSON = new ObjectMapper();
}
