package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
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
 * One conversation through every layer with Dixa, on a real broker: widget -> ingress -> router -> Dixa connector ->
 * Dixa simulator -> signed webhooks -> connector -> router -> conversation log -> the widget's SSE stream.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DixaWalkingSkeletonTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  /** The seed's Dixa payload, with the placeholder the ingress fills (no connectionId: the tenant's default). */
  private static final String SEED_DIXA_PAYLOAD = """
      {
        "tags": ["some", "tag"],
        "email": "{{email}}",
        "queueId": "8d921a1c-8da5-4788-b787-21024c230787",
        "widgetId": "a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a",
        "crmPlatform": "dixa"
      }""";

  @TempDir
  static Path stateDir;
  static HelpdeskSandbox sandbox;
  static RouterService router;
  static DixaConnector dixa;
  static IngressService ingress;
  static KafkaProducer<String, BotEvent> bot;
  static final HttpClient http = HttpClient.newHttpClient();

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    router = new RouterService(RouterConfig.defaults().withApplicationId("dixa-skeleton-router")
        .withStateDir(stateDir.toString()), settings);
    router.start();
    dixa = new DixaConnector(DixaConfig.of(sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0), settings);
    dixa.start();
    ingress = new IngressService(IngressConfig.fromEnv(LocalStack.withDevDefaults(Map.of())).withPort(0), settings);
    ingress.start();
    bot = new KafkaProducer<>(settings.producerProperties("test-bot-dixa"), Topics.BOT_EVENTS.keySerde().serializer(),
        Topics.BOT_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stopBaton() {
    bot.close();
    ingress.stop();
    dixa.stop();
    router.stop();
    sandbox.close();
  }

  private HttpResponse<String> post(String path, String json) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port() + path))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY)
        .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
  }

  private static String summary(SseClient.Frame f) {
    var d = f.data();
    String detail = switch (f.event()) {
      case "visitor.message", "bot.message" -> d.path("text").asText();
      case "handover.started" -> d.path("platform").asText();
      case "agent.joined" -> d.path("agentName").asText();
      case "agent.message" -> d.path("agentName").asText() + ": " + d.path("text").asText();
      case "chat.ended" -> "by " + d.path("endedBy").asText();
      case "control.returned" -> d.path("reason").asText();
      default -> "";
    };
    return f.id() + " " + f.event() + " [" + d.path("controller").asText() + "] " + detail;
  }

  @Test
  void aVisitorIsHandedToADixaAgentAndBack() throws Exception {
    String conversation = "dixa-skeleton-" + UUID.randomUUID();
    HttpResponse<String> minted = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + ingress.port()
        + "/dev/widget-tokens/" + conversation)).POST(HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(201, minted.statusCode(), minted.body());
    String token = new ObjectMapper().readTree(minted.body()).get("token").asText();
    Eventually.until(PATIENCE, "the Dixa connection active",
        () -> dixa.chats() != null && dixa.chats().active(DixaConfig.DEFAULT_CONNECTION));
    try (SseClient widget = new SseClient("http://localhost:" + ingress.port() + "/v1/conversations/" + conversation
        + "/events?access_token=" + token, null)) {
      assertEquals(200, widget.status());
      assertEquals(202, post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);
      bot.send(new ProducerRecord<>(Topics.BOT_EVENTS.name(), "demo/" + conversation, BotEvent.newBuilder()
          .setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now()).setTenant("demo")
          .setConversationId(conversation).setBody(BotMessage.newBuilder().setText("Hi Ada, how can I help?").build())
          .build())).get();
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().size() == 2);

      HttpResponse<String> handover = post("/v1/conversations/" + conversation + "/handover", SEED_DIXA_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());
      Eventually.until(PATIENCE, "queued in the widget", () -> widget.frames().size() == 4);
      DixaConversation chat = sandbox.dixa().conversations().get(sandbox.dixa().conversations().size() - 1);
      assertEquals(DixaSimulator.DEFAULT_QUEUE, chat.queueId());
      assertEquals(List.of("some", "tag"), chat.tags());
      assertEquals(List.of("inbound:hello", "outbound:Hi Ada, how can I help?"),
          chat.messages().stream().map(m -> m.direction() + ":" + m.text()).toList());
      assertEquals("ada@example.com", sandbox.dixa().endUsers().stream()
          .filter(u -> u.get("id").equals(chat.requesterId())).findFirst().orElseThrow().get("email"));

      sandbox.dixa().assign(chat.id(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 5);
      assertEquals(202, post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> sandbox.dixa().conversation(chat.id())
          .orElseThrow().messages().stream().anyMatch(m -> m.text().equals("my order is late")));
      sandbox.dixa().reply(chat.id(), "Sorry to hear that, Ada. Let me check.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 7);
      sandbox.dixa().closeByAgent(chat.id());
      Eventually.until(PATIENCE, "the end of the chat in the widget", () -> widget.frames().size() == 9);

      assertEquals(List.of(
          "1 visitor.message [bot] hello",
          "2 bot.message [bot] Hi Ada, how can I help?",
          "3 handover.started [agent] dixa",
          "4 chat.queued [agent] ",
          "5 agent.joined [agent] Alex",
          "6 visitor.message [agent] my order is late",
          "7 agent.message [agent] Alex: Sorry to hear that, Ada. Let me check.",
          "8 chat.ended [agent] by agent",
          "9 control.returned [bot] the chat ended"),
          widget.frames().stream().map(DixaWalkingSkeletonTest::summary).toList());
    }
  }
}
