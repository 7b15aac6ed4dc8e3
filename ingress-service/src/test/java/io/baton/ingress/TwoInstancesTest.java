package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorEvent;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Two gateway instances behind one name: tokens, streams, resumes and connections work across them. */
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
