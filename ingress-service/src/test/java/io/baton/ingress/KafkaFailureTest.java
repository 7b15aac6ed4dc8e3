package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.operations.Operations;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** When Kafka does not acknowledge, the client hears 503 and must retry; nothing is claimed as accepted. */
@ExtendWith(KafkaBrokerExtension.class)
class KafkaFailureTest {
  static final MockProducer<String, byte[]> producer =
      new MockProducer<>(false, null, new StringSerializer(), new ByteArraySerializer());
  static IngressService ingress;
  static TestClient client;

  @BeforeAll
  static void start(KafkaBroker broker) {
    // router inputs go to the mock, whose acknowledgements the tests decide; the ingress's own state to Kafka
    ingress = new IngressService(TestKeys.config(), KafkaSettings.of(broker.bootstrapServers()),
        props -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            return record.topic().equals(Topics.CONVERSATION_INPUTS.name()) ? producer.send(record, callback)
                : super.send(record, callback);
          }
        });
    ingress.start();
    client = new TestClient(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  @Test
  void anUnacknowledgedMessageGets503() throws Exception {
    int sent = producer.history().size();
    CompletableFuture<HttpResponse<String>> response = client.http.sendAsync(
        HttpRequest.newBuilder(URI.create(client.base + "/v1/conversations/k1/messages"))
            .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestKeys.bot("demo"))
            .POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"hi\"}")).build(),
        HttpResponse.BodyHandlers.ofString());
    Eventually.until(Duration.ofSeconds(10), "the record is sent", () -> producer.history().size() == sent + 1);
    assertTrue(!response.isDone(), "no answer before Kafka's");
    producer.errorNext(new TimeoutException("Expiring 1 record(s) for conversation.inputs.v1-3"));

    HttpResponse<String> r = response.get();
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("application/problem+json"));
    assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
    assertEquals("https://baton.dev/problems/event-log-unavailable", TestClient.JSON.readTree(r.body())
        .get("type").asText());
    assertTrue(!r.body().contains("Expiring"), "no Kafka internals in the answer: " + r.body());

    // Not ready while its writes fail (and a load balancer can see it on the API port, too)
    TestClient.Response health = client.get("/health");
    assertEquals(503, health.status(), health.body());
    var produce = TestClient.JSON.readTree(health.body()).get("checks").get("ingress.produce");
    assertEquals("DOWN", produce.get("status").asText());
    assertTrue(
        produce.get("detail").asText().matches("the last write to Kafka failed \\d+ s ago \\(TimeoutException\\)"),
        produce.toString());
    assertEquals(produce.get("detail").asText(), Operations.process().readiness().get("ingress.produce").detail());
  }

  @Test
  void aRetryWhileTheFirstIsInFlightGets409AndAfterA503TheKeyIsFree() throws Exception {
    String key = "in-flight-" + java.util.UUID.randomUUID();
    int sent = producer.history().size();
    HttpRequest request = HttpRequest.newBuilder(URI.create(client.base + "/v1/conversations/k3/messages"))
        .header("Content-Type", "application/json").header("Authorization", "Bearer " + TestKeys.bot("demo"))
        .header("Idempotency-Key", key).POST(HttpRequest.BodyPublishers.ofString("{\"text\": \"once\"}")).build();
    CompletableFuture<HttpResponse<String>> first =
        client.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    Eventually.until(Duration.ofSeconds(10), "the record is sent", () -> producer.history().size() == sent + 1);
    TestClient.Response retry = client.postJson("/v1/conversations/k3/messages", "{\"text\": \"once\"}",
        "Idempotency-Key", key);
    assertEquals(409, retry.status(), retry.body());
    assertEquals("1", retry.headers().firstValue("Retry-After").orElse(null));
    producer.errorNext(new TimeoutException("not acknowledged"));
    assertEquals(503, first.get().statusCode());

    // nothing was stored, so the same key is a new attempt, and its success is what later retries get
    CompletableFuture<HttpResponse<String>> again =
        client.http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
    Eventually.until(Duration.ofSeconds(10), "the record is sent again", () -> producer.history().size() == sent + 2);
    assertTrue(producer.completeNext());
    HttpResponse<String> ok = again.get();
    assertEquals(202, ok.statusCode(), ok.body());
    TestClient.Response replay = client.postJson("/v1/conversations/k3/messages", "{\"text\": \"once\"}",
        "Idempotency-Key", key);
    assertEquals(202, replay.status());
    assertEquals(ok.body(), replay.body());
    assertEquals(sent + 2, producer.history().size(), "the replay sent nothing");
  }

  @Test
  void aSendThatThrowsGets503() {
    producer.sendException = new TimeoutException("metadata not available after 5000 ms");
    try {
      TestClient.Response r = client.postJson("/v1/conversations/k2/handover", Seeds.withoutConnection(Seeds.ORACLE));
      assertEquals(503, r.status(), r.body());
      assertTrue(r.contentType().startsWith("application/problem+json"));
    } finally {
      producer.sendException = null;
    }
  }
}
