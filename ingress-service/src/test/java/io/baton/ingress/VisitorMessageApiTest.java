package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

@ExtendWith(KafkaBrokerExtension.class)
class VisitorMessageApiTest {
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

  @Test
  void aVisitorMessageBecomesTheExactVisitorEvent() {
    String id = "visitor-" + UUID.randomUUID();
    Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/messages",
        """
            {"text": "  Where is my order? 📦  ", "unknown": {"ignored": true},
             "context": {"name": "Visitor", "attributes": {"orderId": "A-17"},
                         "pageProperties": {"userAgent": "Mozilla/5.0", "screenRes": "390x844", "url": "https://shop/o"}}}""",
        "traceparent", "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01");

    assertEquals(202, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/json"));
    JsonNode answer = r.json();
    assertEquals(2, answer.size(), r.body());
    assertEquals(id, answer.get("conversationId").asText());
    String eventId = answer.get("eventId").asText();
    UUID.fromString(eventId);

    List<ConsumerRecord<String, VisitorEvent>> records =
        TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 1);
    assertEquals(1, records.size());
    VisitorEvent actual = records.get(0).value();
    assertTrue(!actual.getOccurredAt().isBefore(before) && !actual.getOccurredAt().isAfter(Instant.now()));
    VisitorEvent expected = VisitorEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(actual.getOccurredAt())
        .setTenant("demo")
        .setConversationId(id)
        .setContext(VisitorContext.newBuilder().setName("Visitor").setAttributes(Map.of("orderId", "A-17"))
            .setPageProperties(Map.of("userAgent", "Mozilla/5.0", "screenRes", "390x844", "url", "https://shop/o"))
            .build())
        .setBody(VisitorMessage.newBuilder().setText("Where is my order? 📦").setAttachments(List.of()).build())
        .build();
    assertEquals(expected, actual);

    // the bot's trace continues through Kafka, with the ingress's own span
    String traceparent = new String(records.get(0).headers().lastHeader("traceparent").value(),
        StandardCharsets.US_ASCII);
    assertTrue(traceparent.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01"), traceparent);
    assertTrue(!traceparent.contains("00f067aa0ba902b7"), traceparent);
  }

  @Test
  void withoutContextTheEventHasNullContextAndTheTenantComesFromTheHeader() {
    String id = "visitor-" + UUID.randomUUID();
    String text = "x".repeat(4000); // exactly the limit
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/messages",
        "{\"text\": \"" + text + "\"}", "X-Baton-Tenant", "acme.eu-1");
    assertEquals(202, r.status(), r.body());

    List<ConsumerRecord<String, VisitorEvent>> records =
        TopicReader.inputs(kafka, VisitorEvent.class, "acme.eu-1/" + id, 1);
    VisitorEvent actual = records.get(0).value();
    assertEquals("acme.eu-1", actual.getTenant());
    assertEquals(null, actual.getContext());
    assertEquals(text, ((VisitorMessage) actual.getBody()).getText());
    String traceparent = new String(records.get(0).headers().lastHeader("traceparent").value(),
        StandardCharsets.US_ASCII);
    assertTrue(traceparent.matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01"), traceparent);
  }

  @Test
  void trailingCommasAreAcceptedOnMessagesToo() {
    String id = "visitor-" + UUID.randomUUID();
    TestClient.Response r = client.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"hi\",}");
    assertEquals(202, r.status(), r.body());
  }
}
