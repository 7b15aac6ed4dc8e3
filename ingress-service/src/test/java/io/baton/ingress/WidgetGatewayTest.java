package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatQueued;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorRead;
import io.baton.events.VisitorTyping;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The widget gateway against records produced straight to conversation.events.v2, as the router would. */
@ExtendWith(KafkaBrokerExtension.class)
class WidgetGatewayTest {
  static IngressService ingress;
  static TestClient client;
  static KafkaProducer<String, ConversationEvent> producer;
  static KafkaBroker kafka;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = new IngressService(TestKeys.config().withSseKeepAlive(Duration.ofMillis(400)),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    client = new TestClient(ingress.port());
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    ingress.stop();
  }

  static ConversationEvent event(String tenant, String id, long seq, Controller controller, ConversationStatus status,
      Platform platform, Object body) {
    return ConversationEvent.newBuilder().setEventId("e" + seq).setOccurredAt(Instant.parse("2025-05-01T10:00:00Z")
        .plusSeconds(seq)).setTenant(tenant).setConversationId(id).setSequence(seq).setCausationId("c" + seq)
        .setController(controller).setStatus(status).setHandoverId(platform == null ? null : "h1")
        .setPlatform(platform).setBody(body).build();
  }

  static void produce(ConversationEvent... events) {
    try {
      for (ConversationEvent e : events) {
        producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/"
            + e.getConversationId(), e)).get();
      }
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  static String frame(long seq, String type, String data) {
    return "id: " + seq + "\nevent: " + type + "\ndata: " + data;
  }

  static final String F1 = frame(1, "visitor.message", "{\"sequence\":1,\"eventId\":\"e1\",\"occurredAt\":"
      + "\"2025-05-01T10:00:01Z\",\"type\":\"visitor.message\",\"controller\":\"bot\",\"status\":\"bot\","
      + "\"platform\":null,\"causationId\":\"c1\",\"text\":\"Hi\",\"attachments\":[]}");
  static final String F2 = frame(2, "bot.message", "{\"sequence\":2,\"eventId\":\"e2\",\"occurredAt\":"
      + "\"2025-05-01T10:00:02Z\",\"type\":\"bot.message\",\"controller\":\"bot\",\"status\":\"bot\","
      + "\"platform\":null,\"causationId\":\"c2\",\"text\":\"Hello!\\nWant a human?\","
      + "\"quickReplies\":[{\"title\":\"Yes\",\"payload\":\"handover\"}],\"attachments\":[]}");
  static final String F4 = frame(4, "handover.started", "{\"sequence\":4,\"eventId\":\"e4\",\"occurredAt\":"
      + "\"2025-05-01T10:00:04Z\",\"type\":\"handover.started\",\"controller\":\"bot\",\"status\":"
      + "\"handover_requested\",\"platform\":\"salesforce\",\"causationId\":\"c4\",\"connectionId\":\"conn-1\"}");
  static final String F5 = frame(5, "chat.queued", "{\"sequence\":5,\"eventId\":\"e5\",\"occurredAt\":"
      + "\"2025-05-01T10:00:05Z\",\"type\":\"chat.queued\",\"controller\":\"bot\",\"status\":\"queued\","
      + "\"platform\":\"salesforce\",\"causationId\":\"c5\",\"position\":2,\"estimatedWaitSeconds\":30}");
  static final String F6 = frame(6, "agent.joined", "{\"sequence\":6,\"eventId\":\"e6\",\"occurredAt\":"
      + "\"2025-05-01T10:00:06Z\",\"type\":\"agent.joined\",\"controller\":\"agent\",\"status\":\"agent_connected\","
      + "\"platform\":\"salesforce\",\"causationId\":\"c6\",\"agentName\":\"Alex\",\"agentId\":\"005x\"}");
  static final String F7 = frame(7, "agent.typing", "{\"sequence\":7,\"eventId\":\"e7\",\"occurredAt\":"
      + "\"2025-05-01T10:00:07Z\",\"type\":\"agent.typing\",\"controller\":\"agent\",\"status\":\"agent_connected\","
      + "\"platform\":\"salesforce\",\"causationId\":\"c7\",\"typing\":true}");
  static final String F9 = frame(9, "agent.message", "{\"sequence\":9,\"eventId\":\"e9\",\"occurredAt\":"
      + "\"2025-05-01T10:00:09Z\",\"type\":\"agent.message\",\"controller\":\"agent\",\"status\":\"agent_connected\","
      + "\"platform\":\"salesforce\",\"causationId\":\"c9\",\"text\":\"Hi, I am Alex\",\"agentName\":\"Alex\","
      + "\"attachments\":[{\"url\":\"https://files.example/x.png\",\"name\":\"x.png\",\"contentType\":\"image/png\","
      + "\"sizeBytes\":1234}]}");

  @Test
  void historyThenLiveEventsAsExactFramesWithResumeAndTwoSubscribers() {
    String id = "sse-" + UUID.randomUUID();
    String t = "demo";
    produce(
        event(t, id, 1, Controller.bot, ConversationStatus.bot, null,
            VisitorMessage.newBuilder().setText("Hi").build()),
        event(t, id, 2, Controller.bot, ConversationStatus.bot, null, BotMessage.newBuilder()
            .setText("Hello!\nWant a human?").setQuickReplies(List.of(new QuickReply("Yes", "handover"))).build()),
        event(t, id, 3, Controller.bot, ConversationStatus.bot, null, new VisitorTyping(true)),
        event(t, id, 4, Controller.bot, ConversationStatus.handover_requested, Platform.salesforce,
            new HandoverStarted(Platform.salesforce, "conn-1")),
        event(t, id, 5, Controller.bot, ConversationStatus.queued, Platform.salesforce, new ChatQueued(2, 30)));

    try (SseReader all = SseReader.open(client, "/v1/conversations/" + id + "/events");
         SseReader resumed = SseReader.open(client, "/v1/conversations/" + id + "/events", "Last-Event-ID", "4")) {
      assertEquals(200, all.response.statusCode());
      assertTrue(all.response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      assertEquals("no-cache", all.response.headers().firstValue("Cache-Control").orElse(null));
      // the typing event (3) is not for the widget
      assertEquals(List.of(F1, F2, F4, F5), all.nextEvents(4));
      assertEquals(List.of(F5), resumed.nextEvents(1));

      ConversationEvent queued = event(t, id, 5, Controller.bot, ConversationStatus.queued, Platform.salesforce,
          new ChatQueued(2, 30));
      produce(queued, // a repeated record is not sent twice
          event(t, id, 6, Controller.agent, ConversationStatus.agent_connected, Platform.salesforce,
              new AgentJoined("Alex", "005x")),
          event(t, id, 7, Controller.agent, ConversationStatus.agent_connected, Platform.salesforce,
              new AgentTyping(true)),
          event(t, id, 8, Controller.agent, ConversationStatus.agent_connected, Platform.salesforce,
              new VisitorRead(7L)),
          event(t, id, 9, Controller.agent, ConversationStatus.agent_connected, Platform.salesforce,
              new AgentMessage("Hi, I am Alex", "Alex",
                  List.of(new Attachment("https://files.example/x.png", "x.png", "image/png", 1234L)))));

      assertEquals(List.of(F6, F7, F9), all.nextEvents(3));
      assertEquals(List.of(F6, F7, F9), resumed.nextEvents(3));
      try (SseReader late = SseReader.open(client, "/v1/conversations/" + id + "/events?lastEventId=7")) {
        assertEquals(List.of(F9), late.nextEvents(1));
        late.assertNoEventWithin(Duration.ofMillis(300));
      }
      all.assertNoEventWithin(Duration.ofMillis(300));
    }
  }

  static List<Long> retained(String key) {
    return ingress.conversationLog().recent(key).stream().map(ConversationEvent::getSequence).toList();
  }

  /**
   * The router's transaction is aborted after the gateway acted on its records (read_uncommitted), then the
   * deterministic router writes the same records again and commits: the widget sees each event once, in order.
   */
  @Test
  void recordsOfAnAbortedTransactionReachAStreamOnceAndInOrder() throws Exception {
    String id = "sse-tx-" + UUID.randomUUID();
    String t = "demo";
    ConversationEvent e1 = event(t, id, 1, Controller.bot, ConversationStatus.bot, null,
        VisitorMessage.newBuilder().setText("Hi").build());
    ConversationEvent e2 = event(t, id, 2, Controller.bot, ConversationStatus.bot, null, BotMessage.newBuilder()
        .setText("Hello!\nWant a human?").setQuickReplies(List.of(new QuickReply("Yes", "handover"))).build());
    ConversationEvent e3 = event(t, id, 3, Controller.bot, ConversationStatus.handover_requested,
        Platform.salesforce, new HandoverStarted(Platform.salesforce, "conn-1"));
    long droppedBefore = ingress.conversationLog().gateCounts().dropped();
    Properties props = KafkaSettings.of(kafka.bootstrapServers()).producerProperties("aborting-router");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "test-router-" + UUID.randomUUID());
    try (SseReader stream = SseReader.open(client, "/v1/conversations/" + id + "/events");
         KafkaProducer<String, ConversationEvent> router = new KafkaProducer<>(props,
             Topics.CONVERSATION_EVENTS.keySerde().serializer(),
             Topics.CONVERSATION_EVENTS.valueSerde().serializer())) {
      assertEquals(200, stream.response.statusCode());
      router.initTransactions();
      router.beginTransaction();
      for (ConversationEvent e : List.of(e1, e2)) {
        router.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), t + "/" + id, e)).get();
      }
      // acted on before the transaction ends
      assertEquals(List.of(F1, F2), stream.nextEvents(2));
      router.abortTransaction();
      router.beginTransaction();
      for (ConversationEvent e : List.of(e1, e2, e3)) { // the same records again, and the next one
        router.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), t + "/" + id, e));
      }
      router.commitTransaction();
      List<String> next = stream.nextEvents(1);
      assertTrue(next.get(0).startsWith("id: 3\nevent: handover.started\n"), next.toString());
      stream.assertNoEventWithin(Duration.ofMillis(300));
    }
    // the repeats never entered the history: they were dropped by the gate, not only by the stream
    assertEquals(List.of(1L, 2L, 3L), retained(t + "/" + id));
    assertEquals(droppedBefore + 2, ingress.conversationLog().gateCounts().dropped());
    try (SseReader fresh = SseReader.open(client, "/v1/conversations/" + id + "/events")) {
      List<String> all = fresh.nextEvents(3);
      assertEquals(List.of(F1, F2), all.subList(0, 2));
      fresh.assertNoEventWithin(Duration.ofMillis(200));
    }
  }

  @Test
  void aRecordBeyondAGapIsHeldUntilTheGapFills() {
    String id = "sse-gap-" + UUID.randomUUID();
    String t = "demo";
    try (SseReader stream = SseReader.open(client, "/v1/conversations/" + id + "/events")) {
      produce(event(t, id, 1, Controller.bot, ConversationStatus.bot, null,
          VisitorMessage.newBuilder().setText("Hi").build()));
      assertEquals(List.of(F1), stream.nextEvents(1));
      produce(event(t, id, 4, Controller.bot, ConversationStatus.handover_requested, Platform.salesforce,
          new HandoverStarted(Platform.salesforce, "conn-1")),
          event(t, id, 3, Controller.bot, ConversationStatus.bot, null, new VisitorTyping(true)));
      Eventually.until(Duration.ofSeconds(10), "4 and 3 are held", () -> ingress.conversationLog().gateCounts()
          .held() >= 2);
      stream.assertNoEventWithin(Duration.ofMillis(300));
      assertEquals(List.of(1L), retained(t + "/" + id));
      produce(event(t, id, 2, Controller.bot, ConversationStatus.bot, null, BotMessage.newBuilder()
          .setText("Hello!\nWant a human?").setQuickReplies(List.of(new QuickReply("Yes", "handover"))).build()));
      // the typing event (3) is delivered to the history but not sent to the widget
      assertEquals(List.of(F2, F4), stream.nextEvents(2));
      assertEquals(List.of(1L, 2L, 3L, 4L), retained(t + "/" + id));
    }
  }

  @Test
  void aClosedStreamIsForgottenAtTheNextKeepAlive() {
    String id = "sse-" + UUID.randomUUID();
    // streams the other tests closed are dropped at their next keep-alive too: count from none
    Eventually.until(Duration.ofSeconds(5), "earlier streams dropped", () -> ingress.gateway().openStreams() == 0);
    int before = ingress.gateway().openStreams();
    SseReader reader = SseReader.open(client, "/v1/conversations/" + id + "/events");
    Eventually.until(Duration.ofSeconds(5), "stream registered", () -> ingress.gateway().openStreams() == before + 1);
    reader.close();
    Eventually.until(Duration.ofSeconds(5), "stream dropped", () -> ingress.gateway().openStreams() == before);
  }

  @Test
  void streamsAreSeparatedByTenantAndKeptAliveWithComments() {
    String id = "sse-" + UUID.randomUUID();
    try (SseReader acme = SseReader.open(client, "/v1/conversations/" + id + "/events", "X-Baton-Tenant", "acme");
         SseReader demo = SseReader.open(client, "/v1/conversations/" + id + "/events")) {
      assertEquals(": keep-alive", acme.nextFrame(Duration.ofSeconds(5)));
      produce(event("acme", id, 1, Controller.bot, ConversationStatus.bot, null,
          VisitorMessage.newBuilder().setText("Hi").build()));
      assertEquals(List.of(F1), acme.nextEvents(1));
      demo.assertNoEventWithin(Duration.ofMillis(500));
    }
  }
}
