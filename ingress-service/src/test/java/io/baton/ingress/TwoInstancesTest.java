package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorEvent;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.time.Duration;
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
 * Two ingress instances behind one name: tokens, streams, resumes and connections work across them, and a retry with
 * the same Idempotency-Key after the first instance crashed between Kafka's acknowledgement and its answer writes its
 * input with the same event id (a retry's replay on the other instance: SharedStateTest).
 */
@ExtendWith(KafkaBrokerExtension.class)
class TwoInstancesTest {
  static KafkaBroker kafka;
  static IngressService one;
  static IngressService two;
  static TestClient first;
  static TestClient second;
  static KafkaProducer<String, ConversationEvent> producer;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    KafkaSettings settings = KafkaSettings.of(broker.bootstrapServers());
    one = new IngressService(TestKeys.config(), settings);
    two = new IngressService(TestKeys.config(), settings);
    one.start();
    two.start();
    first = TestClient.anonymous(one.port());
    second = TestClient.anonymous(two.port());
    producer = new KafkaProducer<>(settings.producerProperties("two-instances"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
    one.stop();
    two.stop();
  }

  static void produce(ConversationEvent e) throws Exception {
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/" + e.getConversationId(),
        e)).get();
  }

  static String[] bearer(String credential) {
    return new String[] {"Authorization", "Bearer " + credential};
  }

  @Test
  void aWidgetMovesBetweenInstancesWithoutMissingOrRepeatingAnEvent() throws Exception {
    String id = "two-" + UUID.randomUUID();
    String token = first.postJson("/v1/conversations/" + id + "/widget-token", "{}",
        bearer(TestKeys.bot("demo"))).json().get("token").asText();
    // the token minted by one instance is good at the other (same secret)
    assertEquals(202, second.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"hi\"}", bearer(token))
        .status());
    assertEquals(1, TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 1).size());

    produce(TenantIsolationTest.event("demo", id, 1, ConversationStatus.queued, new ChatQueued(2, 60)));
    produce(TenantIsolationTest.event("demo", id, 2, ConversationStatus.agent_connected,
        new AgentJoined("Alex", "005")));
    try (SseReader a = SseReader.open(first, "/v1/conversations/" + id + "/events?access_token=" + token)) {
      List<String> seen = a.nextEvents(2);
      assertTrue(seen.get(0).startsWith("id: 1\n") && seen.get(1).startsWith("id: 2\n"), seen.toString());
    }
    // the network drops; the browser reconnects to the other instance with the last id it saw
    produce(TenantIsolationTest.event("demo", id, 3, ConversationStatus.agent_connected,
        new AgentMessage("Hello", "Alex", List.of())));
    try (SseReader b = SseReader.open(second, "/v1/conversations/" + id + "/events?access_token=" + token,
        "Last-Event-ID", "2")) {
      String next = b.nextEvents(1).get(0);
      assertTrue(next.startsWith("id: 3\nevent: agent.message\n"), next);
      produce(TenantIsolationTest.event("demo", id, 4, ConversationStatus.agent_connected,
          new AgentMessage("Anything else?", "Alex", List.of())));
      assertTrue(b.nextEvents(1).get(0).startsWith("id: 4\n"));
    }
    // both derive the same state
    Eventually.until(Duration.ofSeconds(10), "both instances at sequence 4",
        () -> List.of(first, second).stream().allMatch(c -> {
          TestClient.Response r = c.get("/v1/conversations/" + id, bearer(token));
          return r.status() == 200 && r.json().get("lastSequence").asLong() == 4;
        }));
    assertEquals(first.get("/v1/conversations/" + id, bearer(token)).body(),
        second.get("/v1/conversations/" + id, bearer(token)).body());
  }

  static final String[] BOT_KEY = {"Authorization", "Bearer " + TestKeys.bot("demo"), "Content-Type",
      "application/json"};

  static String[] withKey(String idempotencyKey) {
    String[] h = java.util.Arrays.copyOf(BOT_KEY, BOT_KEY.length + 2);
    h[BOT_KEY.length] = "Idempotency-Key";
    h[BOT_KEY.length + 1] = idempotencyKey;
    return h;
  }

  /** The id the answer names: eventId, or handoverId for a handover. */
  static String answeredId(TestClient.Response r) {
    assertEquals(202, r.status(), r.body());
    assertEquals(null, r.headers().firstValue("Idempotent-Replayed").orElse(null), "a new answer, not a replay");
    return r.json().has("handoverId") ? r.json().get("handoverId").asText() : r.json().get("eventId").asText();
  }

  /**
   * An ingress (its own JVM) halts right after Kafka acknowledged a visitor message and before answering; the client
   * retries with the same Idempotency-Key on another instance: 409 while the crashed instance's claim holds (three
   * times its Kafka timeout, 1 s here), then the input is written again with the same event id, which the router drops.
   */
  @Test
  void aRetryAfterACrashBetweenTheAckAndTheAnswerCarriesTheSameEventId(@TempDir Path logs) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path log = logs.resolve("ingress.log");
    ChildJvm crashing = ChildJvm.start(IngressMain.class, Map.of("BATON_KAFKA_BOOTSTRAP", kafka.bootstrapServers(),
        "BATON_INGRESS_PORT", Integer.toString(port), "BATON_INGRESS_BOT_KEYS", "demo=" + TestKeys.bot("demo"),
        "BATON_INGRESS_WEBHOOKS_DISPATCH", "false", "BATON_INGRESS_KAFKA_TIMEOUT_SECONDS", "1",
        IngressMain.CRASH_AFTER_ACK, IngressMain.CRASH_AFTER_ACK_VALUE),
        log);
    try {
      TestClient doomed = TestClient.anonymous(port);
      Eventually.until(Duration.ofSeconds(60), "the child ingress is up", () -> {
        if (!crashing.alive()) {
          throw new AssertionError("the child ingress exited with " + crashing.exitCode());
        }
        try {
          return doomed.get("/health").status() == 200;
        } catch (AssertionError notYet) {
          return false;
        }
      });
      String id = "two-crash-" + UUID.randomUUID();
      String path = "/v1/conversations/" + id + "/messages";
      String body = "{\"text\": \"did this arrive?\"}";
      String key = "crash-" + UUID.randomUUID();
      AssertionError noAnswer = assertThrows(AssertionError.class, () -> doomed.postJson(path, body, withKey(key)));
      assertTrue(noAnswer.getCause() instanceof java.io.IOException, noAnswer.toString());
      assertEquals(137, crashing.awaitExit(Duration.ofSeconds(30)), "the child ingress halted");
      // the record is on Kafka although no answer came
      String written = ConversationInputs.eventId(ConversationInputs.of(
          TopicReader.singleInput(kafka, VisitorEvent.class, "demo/" + id)));

      // while the crashed request's claim holds the key (3 s here), a retry is told to come back
      TestClient.Response[] retry = new TestClient.Response[1];
      Eventually.until(Duration.ofSeconds(10), "the crashed claim lapses", () -> {
        retry[0] = first.postJson(path, body, withKey(key));
        if (retry[0].status() == 409) {
          assertEquals("1", retry[0].headers().firstValue("Retry-After").orElse(null));
          return false;
        }
        return true;
      });
      assertEquals(written, answeredId(retry[0]));
      List<String> ids = TopicReader.inputs(kafka, VisitorEvent.class, "demo/" + id, 2).stream()
          .map(r -> r.value().getEventId()).toList();
      assertEquals(List.of(written, written), ids);
    } catch (AssertionError | RuntimeException e) {
      System.err.println("child ingress log:\n" + crashing.output());
      throw e;
    } finally {
      crashing.close();
    }
  }

  @Test
  void aConnectionChangedThroughOneInstanceRulesTheOther() {
    String[] key = {"Authorization", "Bearer " + TestKeys.bot("demo"), "Content-Type", "application/json"};
    String id = first.postJson("/v1/connections", "{\"platform\": \"gorgias\", \"name\": \"G\"}", key).json()
        .get("connectionId").asText();
    String handover = "{\"crmPlatform\": \"gorgias\", \"connectionId\": \"" + id + "\"}";
    Eventually.until(Duration.ofSeconds(10), "the second instance accepts the connection", () -> second
        .postJson("/v1/conversations/two-h-" + UUID.randomUUID() + "/handover", handover, key).status() == 202);
    assertEquals(200, first.send("PATCH", "/v1/connections/" + id, HttpRequest.BodyPublishers.ofString(
        "{\"enabled\": false}"), key).status());
    Eventually.until(Duration.ofSeconds(10), "the second instance refuses the deactivated connection", () -> second
        .postJson("/v1/conversations/two-h-" + UUID.randomUUID() + "/handover", handover, key).status() == 422);
    assertEquals("inactive", second.get("/v1/connections/" + id, key).json().get("status").asText());
  }
}
