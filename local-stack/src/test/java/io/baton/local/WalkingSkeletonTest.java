package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.ConnectorHost;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** What a bot sends: the seed's Salesforce payload, verbatim (trailing comma and placeholders included). */
  private static final String SEED_PAYLOAD = DemoBot.SEED_SALESFORCE_PAYLOAD;

  @TempDir
  static Path stateDir;
  static HelpdeskSandbox sandbox;
  static RouterService router;
  static ConnectorHost salesforce;
  static IngressService ingress;
  static KafkaProducer<String, BotEvent> bot;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(2)));
    router = new RouterService(RouterConfig.defaults().withApplicationId("skeleton-router")
        .withStateDir(stateDir.toString()), settings);
    router.start();
    salesforce = SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()), settings);
    salesforce.start();
    ingress = new IngressService(IngressConfig.fromEnv(LocalStack.withDevDefaults(Map.of())).withPort(0), settings);
    ingress.start();
    bot = new KafkaProducer<>(settings.producerProperties("test-bot"), Topics.BOT_EVENTS.keySerde().serializer(),
        Topics.BOT_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stopBaton() {
    bot.close();
    ingress.stop();
    salesforce.stop();
    router.stop();
    sandbox.close();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String summary(SseClient.Frame f) {
    var d = f.data();
    String detail = switch (f.event()) {
      case "visitor.message", "bot.message" -> d.path("text").asText();
      case "handover.started" -> d.path("platform").asText();
      case "chat.queued" -> "position " + d.path("position").asText();
      case "agent.joined" -> d.path("agentName").asText();
      case "agent.message" -> d.path("agentName").asText() + ": " + d.path("text").asText();
      case "chat.ended" -> "by " + d.path("endedBy").asText();
      case "control.returned" -> d.path("reason").asText();
      default -> d.toString();
    };
    return f.id() + " " + f.event() + " [" + d.path("controller").asText() + "] " + detail;
  }

  @Test
  void aVisitorIsHandedToALiveAgentAndBack() throws Exception {
    String conversation = "skeleton-" + UUID.randomUUID();
    // the widget's way in, as on the demo page: a widget token from the dev-only endpoint, in the stream's query
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    String token = new com.fasterxml.jackson.databind.ObjectMapper().readTree(minted.body()).get("token").asText();
    try (SseClient widget = new SseClient("http://localhost:" + ingress.port() + "/v1/conversations/" + conversation
        + "/events?access_token=" + token, null)) {
      assertEquals(200, widget.status());

      assertEquals(202, post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com",
            "pageProperties": {"userAgent": "Mozilla/5.0 (Test)", "screenRes": "1920x1080"}}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);

      bot.send(new ProducerRecord<>(Topics.BOT_EVENTS.name(), "demo/" + conversation, BotEvent.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setTenant("demo")
          .setConversationId(conversation).setBody(BotMessage.newBuilder().setText("Hi Ada, how can I help?").build())
          .build())).get();
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().size() == 2);

      HttpResponse<String> handover = post("/v1/conversations/" + conversation + "/handover", SEED_PAYLOAD);
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

      sandbox.liveAgent().accept(chat.sessionId(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 5);

      assertEquals(202, post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> sandbox.liveAgent().chat(chat.sessionId())
          .orElseThrow().transcript().stream().anyMatch(l -> l.text().equals("my order is late")));

      sandbox.liveAgent().agentSays(chat.sessionId(), "Sorry to hear that, Ada. Let me check.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 7);

      sandbox.liveAgent().endByAgent(chat.sessionId());
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
          widget.frames().stream().map(WalkingSkeletonTest::summary).toList());
      assertEquals(List.of("visitor", "agent"), sandbox.liveAgent().chat(chat.sessionId()).orElseThrow().transcript()
          .stream().map(l -> l.from()).toList());
    }
  }

  private LiveAgentChat awaitChat(java.util.function.Predicate<LiveAgentChat> ready) {
    LiveAgentChat[] found = new LiveAgentChat[1];
    Eventually.until(PATIENCE, "a chat at the Live Agent simulator", () -> {
      List<LiveAgentChat> chats = sandbox.liveAgent().chats();
      if (chats.isEmpty() || !ready.test(chats.get(chats.size() - 1))) {
        return false;
      }
      found[0] = chats.get(chats.size() - 1);
      return true;
    });
    return found[0];
  }

  @SuppressWarnings("unused")
  private static final ObjectMapper JSON = new ObjectMapper();
}
