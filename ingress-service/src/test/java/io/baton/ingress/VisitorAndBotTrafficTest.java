package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.AgentJoined;
import io.baton.events.Attachment;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.EndedBy;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorRead;
import io.baton.events.VisitorTyping;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Visitor signals and attachments, bot messages, Idempotency-Key, and the conversation's state. */
@ExtendWith(KafkaBrokerExtension.class)
class VisitorAndBotTrafficTest {
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient client;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = INGRESS.service();
    client = new TestClient(ingress.port());
  }

  static String newId() {
    return "traffic-" + UUID.randomUUID();
  }

  static List<String> fields(TestClient.Response r) {
    List<String> out = new ArrayList<>();
    r.json().get("errors").forEach(e -> out.add(e.get("field").asText()));
    return out;
  }

  @Test
  void visitorSignalsAndAttachmentsBecomeExactRecordsInOrder() {
    String id = newId();
    String base = "/v1/conversations/" + id;
    assertEquals(202, client.postJson(base + "/typing", "{\"typing\": true}").status());
    TestClient.Response m = client.postJson(base + "/messages", """
        {"attachments": [{"url": "https://files.example/invoice.pdf", "name": "invoice.pdf",
                          "contentType": "Application/PDF", "sizeBytes": 48213}]}""");
    assertEquals(202, m.status(), m.body());
    assertEquals(202, client.postJson(base + "/read", "{\"upToSequence\": 7}").status());
    assertEquals(202, client.postJson(base + "/left", "{\"reason\": \" closed the tab \"}").status());
    assertEquals(202, client.postJson(base + "/left", "{}").status());

    List<Object> bodies = TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 5).stream()
        .map(r -> r.value().getBody()).toList();
    assertEquals(List.of(new VisitorTyping(true),
        new VisitorMessage("", List.of(new Attachment("https://files.example/invoice.pdf", "invoice.pdf",
            "application/pdf", 48213L))),
        new VisitorRead(7L), new VisitorLeft("closed the tab"), new VisitorLeft(null)), bodies);
  }

  @Test
  void signalsAndAttachmentsBreakingTheLimitsAreRefusedNamingTheField() {
    String base = "/v1/conversations/" + newId();
    assertEquals(List.of("typing"), fields(client.postJson(base + "/typing", "{}")));
    assertEquals(List.of("typing"), fields(client.postJson(base + "/typing", "{\"typing\": \"yes\"}")));
    assertEquals(List.of("upToSequence"), fields(client.postJson(base + "/read", "{\"upToSequence\": -1}")));
    assertEquals(List.of("upToSequence"), fields(client.postJson(base + "/read", "{\"upToSequence\": 1.5}")));
    assertEquals(List.of("reason"), fields(client.postJson(base + "/left", "{\"reason\": \"" + "x".repeat(501)
        + "\"}")));
    String eleven = "[" + String.join(",", java.util.Collections.nCopies(11,
        "{\"url\": \"https://f.example/a\", \"name\": \"a\", \"contentType\": \"image/png\", \"sizeBytes\": 1}"))
        + "]";
    assertEquals(List.of("attachments"), fields(client.postJson(base + "/messages", "{\"attachments\": " + eleven
        + "}")));
    TestClient.Response r = client.postJson(base + "/messages", """
        {"text": "see", "attachments": [
          {"url": "javascript:alert(1)", "name": "%s", "contentType": "not a type", "sizeBytes": 26214401},
          {"url": "file:///etc/passwd"},
          "not an object"]}""".formatted("n".repeat(256)));
    assertEquals(422, r.status(), r.body());
    assertEquals(List.of("attachments[0].url", "attachments[0].name", "attachments[0].contentType",
        "attachments[0].sizeBytes", "attachments[1].url", "attachments[1].name", "attachments[1].contentType",
        "attachments[1].sizeBytes", "attachments[2]"), fields(r));
    assertEquals(List.of("text"), fields(client.postJson(base + "/messages", "{\"attachments\": []}")));
  }

  @Test
  void botMessagesWithQuickRepliesGoToBotEvents() {
    String id = newId();
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/bot-messages", """
        {"text": "Shall I get you a human?",
         "quickReplies": [{"title": "Yes please", "payload": "handover"}, {"title": "No"}],
         "attachments": [{"url": "https://cdn.example/menu.png", "name": "menu.png", "contentType": "image/png",
                          "sizeBytes": 1000}]}""");
    assertEquals(202, r.status(), r.body());
    BotEvent e = TopicReader.singleInput(kafka, BotEvent.class, "demo/" + id);
    assertEquals(r.json().get("eventId").asText(), e.getEventId());
    assertEquals(new BotMessage("Shall I get you a human?", List.of(new QuickReply("Yes please", "handover"),
        new QuickReply("No", "No")),
        List.of(new Attachment("https://cdn.example/menu.png", "menu.png", "image/png",
            1000L))),
        e.getBody());

    TestClient.Response bad = client.postJson("/v1/conversations/" + id + "/bot-messages",
        "{\"quickReplies\": [{\"payload\": \"x\"}, {\"title\": \"" + "t".repeat(81) + "\"}]}");
    assertEquals(List.of("text", "quickReplies[0].title", "quickReplies[1].title"), fields(bad));
  }

  @Test
  void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndWritesNothing() {
    String id = newId();
    String path = "/v1/conversations/" + id + "/messages";
    String key = "retry-" + UUID.randomUUID();
    TestClient.Response first = client.postJson(path, "{\"text\": \"once\"}", "Idempotency-Key", key);
    assertEquals(202, first.status());
    // the same JSON, differently spaced, is the same request
    TestClient.Response retry = client.postJson(path, "{ \"text\" : \"once\" }", "Idempotency-Key", key);
    assertEquals(202, retry.status());
    assertEquals(first.body(), retry.body());
    assertEquals("true", retry.headers().firstValue("Idempotent-Replayed").orElse(null));
    TestClient.Response other = client.postJson(path, "{\"text\": \"twice?\"}", "Idempotency-Key", key);
    assertEquals(422, other.status());
    assertEquals("https://baton.dev/problems/idempotency-key-reused", other.json().get("type").asText());
    // a marker after the retries: once it is on the topic, everything before it is too
    assertEquals(202, client.postJson(path, "{\"text\": \"marker\"}").status());
    List<String> texts = TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 2).stream()
        .map(r -> ((VisitorMessage) r.value().getBody()).getText()).toList();
    assertEquals(List.of("once", "marker"), texts);

    // keys are per tenant: acme's same key is acme's own first request
    assertEquals(202, client.postJson(path, "{\"text\": \"once\"}", "Idempotency-Key", key, "X-Baton-Tenant",
        "acme").status());
    // every POST takes one: a handover retried
    String h = "/v1/conversations/" + id + "/handover";
    String body = Seeds.withoutConnection(Seeds.ORACLE);
    TestClient.Response h1 = client.postJson(h, body, "Idempotency-Key", key);
    TestClient.Response h2 = client.postJson(h, body, "Idempotency-Key", key);
    assertEquals(202, h1.status());
    assertEquals(h1.json().get("handoverId"), h2.json().get("handoverId"));
    assertEquals(400, client.postJson(path, "{\"text\": \"x\"}", "Idempotency-Key", "").status());
    assertEquals(400, client.postJson(path, "{\"text\": \"x\"}", "Idempotency-Key", "k".repeat(256)).status());
  }

  @Test
  void aFailedValidationReleasesTheKey() {
    String path = "/v1/conversations/" + newId() + "/messages";
    String key = "k-" + UUID.randomUUID();
    assertEquals(422, client.postJson(path, "{\"text\": \"\"}", "Idempotency-Key", key).status());
    // the first request wrote nothing, so the key is free for the corrected one
    assertEquals(202, client.postJson(path, "{\"text\": \"fixed\"}", "Idempotency-Key", key).status());
  }

  @Test
  void theConversationsStateIsDerivedFromItsLog() throws Exception {
    String id = newId();
    try (KafkaProducer<String, ConversationEvent> p = new KafkaProducer<>(KafkaSettings.of(kafka.bootstrapServers())
        .producerProperties("state-test"), Topics.CONVERSATION_EVENTS.keySerde().serializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().serializer())) {
      produce(p, TenantIsolationTest.event("demo", id, 1, ConversationStatus.handover_requested,
          new HandoverStarted(Platform.salesforce, "conn-1")));
      produce(p, TenantIsolationTest.event("demo", id, 2, ConversationStatus.queued, new ChatQueued(4, 120)));
      JsonNode queued = awaitState(id, 2);
      assertEquals("{\"conversationId\":\"" + id + "\",\"controller\":\"bot\",\"status\":\"queued\","
          + "\"platform\":\"salesforce\",\"handoverId\":\"h1\",\"lastSequence\":2,\"updatedAt\":"
          + "\"2025-05-01T10:00:02Z\",\"queue\":{\"position\":4,\"estimatedWaitSeconds\":120},\"agentName\":null,"
          + "\"lastChatEnded\":null}", queued.toString());
      produce(p, TenantIsolationTest.event("demo", id, 3, ConversationStatus.agent_connected,
          new AgentJoined("Alex", "005")));
      JsonNode joined = awaitState(id, 3);
      assertEquals("agent", joined.get("controller").asText());
      assertEquals("Alex", joined.get("agentName").asText());
      assertTrue(joined.get("queue").get("position").isNull());
      produce(p, TenantIsolationTest.event("demo", id, 4, ConversationStatus.bot,
          new ChatEnded(EndedBy.agent, "solved")));
      JsonNode ended = awaitState(id, 4);
      assertEquals("bot", ended.get("controller").asText());
      assertEquals("{\"endedBy\":\"agent\",\"reason\":\"solved\"}", ended.get("lastChatEnded").toString());
    }
    assertEquals(404, client.get("/v1/conversations/" + newId()).status());
  }

  static void produce(KafkaProducer<String, ConversationEvent> p, ConversationEvent e) throws Exception {
    p.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/" + e.getConversationId(), e))
        .get();
  }

  static JsonNode awaitState(String id, long sequence) {
    Eventually.until(Duration.ofSeconds(10), "state at sequence " + sequence, () -> {
      TestClient.Response r = client.get("/v1/conversations/" + id);
      return r.status() == 200 && r.json().get("lastSequence").asLong() == sequence;
    });
    return client.get("/v1/conversations/" + id).json();
  }
}
