package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.events.Platform;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.service.OperationsPort;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
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
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
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
  static KafkaSettings settings;
  static BatonUnderTest baton;
  static DixaConnector dixa;

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    settings = KafkaSettings.of(kafka.bootstrapServers());
    baton = new BatonUnderTest(kafka, stateDir, "dixa-skeleton", SandboxConfig.defaults().withPort(0),
        (sandbox, settings) -> dixa = new DixaConnector(
            DixaConfig.of(sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0), settings));
  }

  @AfterAll
  static void stopBaton() {
    baton.close();
  }

  @Test
  void aVisitorIsHandedToADixaAgentAndBack() throws Exception {
    String conversation = "dixa-skeleton-" + UUID.randomUUID();
    Eventually.until(PATIENCE, "the Dixa connection active",
        () -> dixa.connections() != null && dixa.connections().isActive(DixaConfig.DEFAULT_CONNECTION));
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(200, widget.status());
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);
      baton.botSays(conversation, "Hi Ada, how can I help?");
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().size() == 2);

      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover", SEED_DIXA_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());
      Eventually.until(PATIENCE, "queued in the widget", () -> widget.frames().size() == 4);
      DixaConversation chat = baton.sandbox.dixa().conversations().get(baton.sandbox.dixa().conversations().size() - 1);
      assertEquals(DixaSimulator.DEFAULT_QUEUE, chat.queueId());
      assertEquals(List.of("some", "tag"), chat.tags());
      assertEquals(List.of("inbound:hello", "outbound:Hi Ada, how can I help?"),
          chat.messages().stream().map(m -> m.direction() + ":" + m.text()).toList());
      assertEquals("ada@example.com", baton.sandbox.dixa().endUsers().stream()
          .filter(u -> u.get("id").equals(chat.requesterId())).findFirst().orElseThrow().get("email"));

      baton.sandbox.dixa().assign(chat.id(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 5);
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> baton.sandbox.dixa().conversation(chat.id())
          .orElseThrow().messages().stream().anyMatch(m -> m.text().equals("my order is late")));
      baton.sandbox.dixa().reply(chat.id(), "Sorry to hear that, Ada. Let me check.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 7);
      baton.sandbox.dixa().closeByAgent(chat.id());
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
          widget.frames().stream().map(BatonUnderTest::summary).toList());
    }
  }

  /**
   * No Gorgias connector runs beside this Baton (another test's may have run and stopped): the handover fails within
   * seconds with the reason in the event bots and the widget get, and no command waits for a connector that starts
   * later.
   */
  @Test
  void aHandoverToAPlatformWithNoRunningConnectorFailsAtOnceWithTheReason() throws Exception {
    String conversation = "no-connector-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(200, widget.status());
      long asked = System.nanoTime();
      HttpResponse<String> handover =
          baton.post("/v1/conversations/" + conversation + "/handover", "{\"crmPlatform\": \"gorgias\"}");
      assertEquals(202, handover.statusCode(), handover.body());
      Eventually.until(Duration.ofSeconds(5), "the failure in the widget", () -> widget.frames().size() == 1);
      assertTrue(System.nanoTime() - asked < Duration.ofSeconds(5).toNanos());

      SseClient.Frame failed = widget.frames().get(0);
      assertEquals("handover.failed", failed.event());
      assertEquals("bot", failed.data().path("controller").asText());
      String reason = failed.data().path("reason").asText();
      assertTrue(reason.matches("no connector for gorgias (has run|is running \\(last seen "
          + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\))"), reason);
      assertEquals(List.of(), baton.commandsOf(Platform.gorgias, "demo/" + conversation));
    }
  }
  /**
   * The operations port during one Dixa handover: Baton's series move by exactly what happened (one handover
   * requested, queued, joined and ended by the agent, one message each way, one refused webhook, one dead letter, one
   * failed handover), the timers hold one handover each, the gauges follow the chat and the widget's stream (whose end the gateway notices at its next keep-alive, so
   * it is not waited for), the
   * Kafka client lag is there, and every series the Grafana dashboard queries is in the scrape.
   */
  @Test
  void aHandoverMovesTheNamedSeriesOnTheOperationsPort() throws Exception {
    OperationsPort port = new OperationsPort(Map.of("BATON_OPS_PORT", "0"));
    port.start();
    try {
      String ops = "http://localhost:" + port.port().getAsInt();
      String conversation = "dixa-metrics-" + UUID.randomUUID();
      Eventually.until(PATIENCE, "the Dixa connection active",
          () -> dixa.connections() != null && dixa.connections().isActive(DixaConfig.DEFAULT_CONNECTION));
      MetricsScrape before = MetricsScrape.of(ops);
      try (SseClient widget = baton.widget(conversation)) {
        assertEquals(200, widget.status());
        Eventually.until(PATIENCE, "the widget's stream in the gauge", () -> delta(before, MetricsScrape.of(ops),
            "baton_sse_streams", Map.of("service", "ingress")) == 1);
        assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
            {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
        assertEquals(202, baton.post("/v1/conversations/" + conversation + "/handover", SEED_DIXA_PAYLOAD)
            .statusCode());
        Eventually.until(PATIENCE, "queued in the widget", () -> widget.frames().size() == 3);
        DixaConversation chat =
            baton.sandbox.dixa().conversations().get(baton.sandbox.dixa().conversations().size() - 1);
        baton.sandbox.dixa().assign(chat.id(), "Alex");
        Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 4);
        Eventually.until(PATIENCE, "the chat open at the connector", () -> delta(before, MetricsScrape.of(ops),
            "baton_chats_open", Map.of("service", "connector-dixa")) == 1);
        baton.sandbox.dixa().fail("message", 429, 1); // Dixa's rate limit once: the connector tries again
        assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
            "{\"text\": \"my order is late\"}").statusCode());
        Eventually.until(PATIENCE, "the message at the agent", () -> baton.sandbox.dixa().conversation(chat.id())
            .orElseThrow().messages().stream().anyMatch(m -> m.text().equals("my order is late")));
        baton.sandbox.dixa().reply(chat.id(), "Let me check.");
        Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 6);
        baton.sandbox.dixa().closeByAgent(chat.id());
        Eventually.until(PATIENCE, "the end of the chat in the widget", () -> widget.frames().size() == 8);
      }
      // A webhook without Dixa's signature, an unreadable input, a handover no connector carries.
      HttpResponse<String> forged = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + dixa.webhookPort() + "/webhooks/dixa/" + DixaConfig.DEFAULT_CONNECTION))
          .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
      assertEquals(401, forged.statusCode(), forged.body());
      try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(settings.producerProperties("metrics-raw"),
          new StringSerializer(), new ByteArraySerializer())) {
        raw.send(new ProducerRecord<>(Topics.CONVERSATION_INPUTS.name(), "demo/" + conversation,
            new byte[] {0, 1, 2})).get();
      }
      assertEquals(202, baton.post("/v1/conversations/no-connector-" + UUID.randomUUID() + "/handover",
          "{\"crmPlatform\": \"gorgias\"}").statusCode());
      Map<String, String> dlq = Map.of("service", "router", "topic", "conversation.inputs.v1.dlq");
      Map<String, String> failed = Map.of("platform", "none", "reason", "no_connector");
      Eventually.until(PATIENCE, "the dead letter and the failed handover counted", () -> {
        MetricsScrape now = MetricsScrape.of(ops);
        return delta(before, now, "baton_dead_letters_total", dlq) == 1
            && delta(before, now, "baton_handovers_failed_total", failed) == 1
            && delta(before, now, "baton_chats_open", Map.of("service", "connector-dixa")) == 0;
      });
      MetricsScrape after = MetricsScrape.of(ops);

      Map<String, String> router = Map.of("service", "router", "platform", "dixa");
      for (String outcome : List.of("requested", "queued", "agent_joined", "ended")) {
        assertEquals(1, delta(before, after, "baton_handovers_total", with(router, "outcome", outcome)), outcome);
      }
      assertEquals(1, delta(before, after, "baton_handovers_ended_total", with(router, "ended_by", "agent")));
      assertEquals(1, delta(before, after, "baton_messages_relayed_total",
          with(router, "direction", "visitor_to_agent")));
      assertEquals(1, delta(before, after, "baton_messages_relayed_total",
          with(router, "direction", "agent_to_visitor")));
      for (String timer : List.of("baton_handover_time_to_agent_seconds", "baton_handover_queue_wait_seconds")) {
        assertEquals(1, delta(before, after, timer + "_count", router), timer);
        assertTrue(delta(before, after, timer + "_sum", router) > 0, timer);
        assertTrue(after.sum(timer + "_bucket", with(router, "le", "+Inf")) >= 1, timer);
      }
      Map<String, String> calls = Map.of("service", "connector-dixa", "platform", "dixa", "status", "ok");
      assertTrue(delta(before, after, "baton_platform_calls_total", calls) >= 4, "start, 2 messages, end at least");
      Map<String, String> limited = Map.of("service", "connector-dixa", "platform", "dixa", "status", "429");
      assertEquals(1, delta(before, after, "baton_platform_calls_total", limited));
      assertEquals(1, delta(before, after, "baton_platform_call_retries_total", limited));
      Map<String, String> webhooks = Map.of("service", "connector-dixa", "endpoint", "dixa");
      assertTrue(delta(before, after, "baton_webhook_deliveries_total", with(webhooks, "outcome", "accepted")) >= 3);
      assertEquals(1, delta(before, after, "baton_webhook_deliveries_total", with(webhooks, "outcome", "refused")));
      assertEquals(1, delta(before, after, "baton_webhook_refusals_total", with(webhooks, "reason", "bad-signature")));
      // Lag per consumer: the connector's command loop, the router's Streams consumer, the gateway's log reader.
      for (String service : List.of("connector-dixa", "router", "ingress")) {
        List<MetricsScrape.Series> lag =
            after.matching("kafka_consumer_fetch_manager_records_lag_max", Map.of("service", service));
        assertTrue(lag.stream().anyMatch(s -> Double.isFinite(s.value())), service + ": " + lag);
      }
      assertTrue(after.sum("kafka_producer_record_send_total", Map.of("service", "ingress")) > 0);

      Set<String> queried = GrafanaDashboard.metricNames(Path.of("..", "operations", "grafana", "baton.json"));
      Set<String> missing = new TreeSet<>(queried);
      missing.removeAll(after.names());
      assertEquals(Set.of(), missing, "the dashboard queries series no service registers");
    } finally {
      port.stop();
    }
  }

  private static double delta(MetricsScrape before, MetricsScrape after, String name, Map<String, String> labels) {
    return after.sum(name, labels) - before.sum(name, labels);
  }

  private static Map<String, String> with(Map<String, String> labels, String key, String value) {
    Map<String, String> out = new HashMap<>(labels);
    out.put(key, value);
    return out;
  }
}
