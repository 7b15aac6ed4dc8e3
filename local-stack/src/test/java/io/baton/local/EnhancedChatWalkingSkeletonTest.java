package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.replay.ConversationReplay;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.service.Service;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The promise to bots after Legacy Chat's retirement, end to end: a tenant whose Salesforce connection says
 * {@code api = enhanced_chat}, a bot that sends the seed's Live Agent payload unchanged, and the chat lands in
 * Enhanced Chat (the sandbox's MIAW) with the mapped fields on the agent's desk, then relays both ways and ends.
 */
@ExtendWith(KafkaBrokerExtension.class)
class EnhancedChatWalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;

  static KafkaSettings kafka;

  @BeforeAll
  static void startBaton(KafkaBroker broker) throws Exception {
    kafka = KafkaSettings.of(broker.bootstrapServers());
    baton = new BatonUnderTest(broker, stateDir, "enhanced-chat",
        SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(2)), (sandbox, settings) -> {
          SalesforceConfig config =
              SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()).withMiawUrl(sandbox.miawUrl());
          return both(SalesforceConnector.liveAgent(config, settings), SalesforceConnector.miaw(config, settings));
        });
    HttpResponse<String> created = baton.post("/v1/connections", """
        {"connectionId": "web-ec", "platform": "salesforce", "name": "Enhanced Chat", "settings": {
         "api": "enhanced_chat", "scrtUrl": "demo.my.salesforce-scrt.com", "orgId": "00D6g000003Q6HI",
         "esDeveloperName": "Web_Chat", "routing.5736g000000k9nQ": "Support_Queue"}}""");
    assertEquals(201, created.statusCode(), created.body());
  }

  /** Live Agent and Enhanced Chat connectors together, as SalesforceConnector's main runs them. */
  private static Service both(Service first, Service second) {
    return new Service() {
      @Override
      public void start() {
        first.start();
        second.start();
      }

      @Override
      public void stop() {
        second.stop();
        first.stop();
      }
    };
  }

  /** The demo tenant's other tests (same broker) hand over to Live Agent: an Enhanced Chat connection would take them. */
  @AfterAll
  static void stopBaton() throws Exception {
    for (String connection : List.of("web-ec", "web-la")) {
      baton.delete("/v1/connections/" + connection);
    }
    baton.close();
  }

  @Test
  void theSeedsLiveAgentPayloadLandsInEnhancedChat() throws Exception {
    String conversation = "enhanced-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com",
            "pageProperties": {"userAgent": "Mozilla/5.0 (Test)", "screenRes": "1920x1080"}}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);

      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover",
          HandoverChoice.SEED_SALESFORCE_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());

      AgentDesk desk = baton.sandbox.desk("miaw");
      DeskChat[] chat = new DeskChat[1];
      Eventually.until(PATIENCE, "the conversation on the Enhanced Chat desk", () -> desk.chats().stream()
          .filter(c -> "Ada".equals(c.visitorName())).findFirst().map(c -> chat[0] = c).isPresent());
      assertEquals("Support_Queue", chat[0].context().get("routingTarget"), chat[0].context().toString());
      assertEquals("ada@example.com", chat[0].context().get("email"), chat[0].context().toString());
      assertEquals("Mozilla/5.0 (Test)", chat[0].context().get("userAgent"), chat[0].context().toString());
      assertEquals("visitor: hello", chat[0].context().get("botTranscript"), chat[0].context().toString());

      desk.accept(chat[0].id(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().stream()
          .anyMatch(f -> f.event().equals("agent.joined")));
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> desk.chat(chat[0].id()).orElseThrow().transcript()
          .stream().anyMatch(l -> l.from().equals(DeskLine.VISITOR) && l.text().equals("my order is late")));
      desk.say(chat[0].id(), "Sorry to hear that, Ada.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().stream()
          .anyMatch(f -> f.event().equals("agent.message")));
      desk.end(chat[0].id());
      Eventually.until(PATIENCE, "control back with the bot", () -> widget.frames().stream()
          .anyMatch(f -> f.event().equals("control.returned")));

      List<String> seen = widget.frames().stream().map(BatonUnderTest::summary).toList();
      assertEquals(List.of("1 visitor.message [bot] hello", "2 handover.started [agent] salesforce_miaw"),
          seen.subList(0, 2), seen.toString());
      assertEquals(List.of("agent.joined", "visitor.message", "agent.message", "chat.ended", "control.returned"),
          widget.frames().stream().map(SseClient.Frame::event)
              .filter(e -> !e.equals("chat.queued") && !e.startsWith("agent.typing")).toList()
              .subList(2, 7),
          seen.toString());
    }
  }

  /**
   * An operator migrating an org replays one conversation into a Live Agent connection and into an Enhanced Chat
   * one, and compares: each opens its chat with what the visitor and the bot said before the handover.
   */
  @Test
  void aConversationIsReplayedIntoEitherApi() throws Exception {
    HttpResponse<String> created = baton.post("/v1/connections",
        """
            {"connectionId": "web-la", "platform": "salesforce", "name": "Live Agent", "settings": {"api": "liveagent"}}""");
    assertEquals(201, created.statusCode(), created.body());
    String source = "migrating-" + UUID.randomUUID();
    assertEquals(202, baton.post("/v1/conversations/" + source + "/messages", """
        {"text": "hi", "context": {"name": "Grace", "email": "grace@example.com",
          "pageProperties": {"userAgent": "Mozilla/5.0 (Test)", "screenRes": "1280x720"}}}""").statusCode());
    assertEquals(202, baton.post("/v1/conversations/" + source + "/handover", HandoverChoice.SEED_SALESFORCE_PAYLOAD)
        .statusCode());
    AgentDesk miaw = baton.sandbox.desk("miaw");
    Eventually.until(PATIENCE, "the source conversation on the Enhanced Chat desk",
        () -> miaw.chats().stream().filter(c -> "Grace".equals(c.visitorName())).count() == 1);

    ConversationReplay.Replayed toLiveAgent =
        ConversationReplay.replay(kafka, "demo/" + source, source + "-la", "web-la");
    ConversationReplay.Replayed toEnhancedChat =
        ConversationReplay.replay(kafka, "demo/" + source, source + "-ec", "web-ec");
    assertEquals(new ConversationReplay.Replayed("demo/" + source + "-la", 2), toLiveAgent, "the message and handover");
    assertEquals(new ConversationReplay.Replayed("demo/" + source + "-ec", 2), toEnhancedChat);

    Eventually.until(PATIENCE, "the replay as a Live Agent chat", () -> baton.sandbox.liveAgent().chats().stream()
        .anyMatch(c -> "Grace".equals(c.visitorName()) && "1280x720".equals(c.screenResolution())));
    Eventually.until(PATIENCE, "the replay as a second Enhanced Chat conversation", () -> miaw.chats().stream()
        .filter(c -> "Grace".equals(c.visitorName())).count() == 2);
    DeskChat replayed = miaw.chats().stream().filter(c -> "Grace".equals(c.visitorName())).toList().get(1);
    assertEquals("Support_Queue", replayed.context().get("routingTarget"), replayed.context().toString());
    assertEquals("visitor: hi", replayed.context().get("botTranscript"), replayed.context().toString());

    ConversationReplay.replay(kafka, "demo/" + source, source + "-la", "web-la"); // again: the router drops it all
    Thread.sleep(1_000);
    assertEquals(1, baton.sandbox.liveAgent().chats().stream().filter(c -> "Grace".equals(c.visitorName())).count());
  }
}
