package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.ingress.guard.IngressGuards;
import com.sun.net.httpserver.HttpServer;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.ConversationEvent;
import io.baton.events.HandoverRequested;
import io.baton.events.IdempotencyStage;
import io.baton.events.IdempotentRequest;
import io.baton.events.SegmentUserTraits;
import io.baton.events.VisitorEvent;
import io.baton.events.WebhookTally;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the ingress keeps is shared by every instance through Kafka: each pair of related requests goes to two
 * instances (an Idempotency-Key's retry, Segment's identify then track, webhook deliveries then GET /v1/webhook, two
 * claims on one Chat2Desk token), and again after the instance that took the first one restarts. Instance one
 * delivers the webhooks; two does not.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SharedStateTest {
  static final String TENANT = "globex";
  static final String[] AS_TENANT = {"X-Baton-Tenant", TENANT};
  /** The bot's webhook receiver runs on this machine. */
  static final IngressGuards LOCAL_HOOKS = IngressGuards.defaults().withWebhookAllowLoopback(true);
  static final IngressConfig DELIVERING = TestKeys.config().withWebhooks(new IngressConfig.Webhooks(true, 2,
      Duration.ofMillis(20), Duration.ofSeconds(2)));
  static KafkaBroker kafka;
  static KafkaSettings settings;
  static IngressService one;
  static IngressService two;
  static TestClient first;
  static TestClient second;
  static HttpServer receiver;
  static KafkaProducer<String, ConversationEvent> producer;
  static String salesforce;

  @BeforeAll
  static void start(KafkaBroker broker) throws IOException {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    one = new IngressService(DELIVERING, settings, LOCAL_HOOKS);
    two = new IngressService(TestKeys.config(), settings, LOCAL_HOOKS);
    one.start();
    two.start();
    first = new TestClient(one.port());
    second = new TestClient(two.port());
    producer = new KafkaProducer<>(settings.producerProperties("shared-state"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
    // the bot's receiver refuses the events of conversations named "refused-..."
    receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    receiver.createContext("/", exchange -> {
      String body = new String(exchange.getRequestBody().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
      exchange.sendResponseHeaders(body.contains("\"conversationId\":\"refused-") ? 500 : 204, -1);
      exchange.close();
    });
    receiver.start();
    TestClient.Response hook = first.send("PUT", "/v1/webhook", HttpRequest.BodyPublishers.ofString(
        "{\"url\": \"http://localhost:" + receiver.getAddress().getPort() + "/bot\"}"), "Content-Type",
        "application/json", "X-Baton-Tenant", TENANT);
    assertEquals(200, hook.status(), hook.body());
    TestClient.Response c = first.postJson("/v1/connections", """
        {"platform": "salesforce", "name": "Live Agent", "settings": {
          "organizationId": "00D3D000000FObV", "deploymentId": "5723D000000FOb1", "buttonId": "5733D000000FOc2",
          "liveAgentHostname": "d.la3-c1cs-phx.salesforceliveagent.com",
          "contactMappings": "{\\"email\\": \\"Email\\"}"}}""", AS_TENANT);
    assertEquals(201, c.status(), c.body());
    salesforce = c.json().get("connectionId").asText();
    Eventually.until(Duration.ofSeconds(10), "the other instance knows the webhook and the connection",
        () -> second.get("/v1/webhook", AS_TENANT).status() == 200
            && second.get("/v1/connections/" + salesforce, AS_TENANT).status() == 200);
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    producer.close();
    one.stop();
    two.stop();
  }

  static String[] keyed(String key) {
    return new String[] {"X-Baton-Tenant", TENANT, "Idempotency-Key", key};
  }

  /** Status, body, Content-Type and Location: what a replay repeats byte for byte. */
  static List<Object> answer(TestClient.Response r) {
    return List.of(r.status(), r.body(), r.headers().firstValue("Content-Type").orElse(""),
        r.headers().firstValue("Location").orElse(""));
  }

  static <V> List<V> records(TopicSpec<String, V> topic) {
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .map(r -> r.value()).toList();
  }

  /**
   * Keyed requests on four routes answered by instance one; the check: their retries get the same answers, another
   * body is a 422, and nothing more is written.
   */
  /** A keyed request and the answer it got. */
  record Sent(String path, String body, TestClient.Response answer) {
    /** The id the answer names: eventId, handoverId or connectionId. */
    String id() {
      JsonNode json = answer.json();
      return json.has("handoverId") ? json.get("handoverId").asText()
          : json.has("eventId") ? json.get("eventId").asText() : json.get("connectionId").asText();
    }
  }

  static Consumer<TestClient> retryIsReplayed() {
    String id = "shared-" + UUID.randomUUID();
    String key = "k-" + UUID.randomUUID();
    String secret = "sealed-" + UUID.randomUUID();
    String base = "/v1/conversations/" + id;
    List<Sent> sent = Stream.of(List.of(base + "/messages", "{\"text\": \"hi\"}"),
        List.of(base + "/bot-messages", "{\"text\": \"Hello!\"}"),
        List.of(base + "/handover", "{\"crmPlatform\": \"gorgias\"}"),
        List.of("/v1/connections", "{\"platform\": \"kustomer\", \"name\": \"K\", \"secrets\": {\"apiKey\": \""
            + secret + "\"}}"))
        .map(r -> new Sent(r.get(0), r.get(1), first.postJson(r.get(0), r.get(1), keyed(key)))).toList();
    for (Sent s : sent) {
      assertEquals(s.path().endsWith("connections") ? 201 : 202, s.answer().status(), s.answer().body());
      assertEquals(null, s.answer().headers().firstValue("Idempotent-Replayed").orElse(null));
    }
    // the key is scoped by route: one key, four routes, four ids
    assertEquals(4, sent.stream().map(Sent::id).distinct().count());
    return retrying -> {
      for (Sent s : sent) {
        TestClient.Response again = retrying.postJson(s.path(), s.body(), keyed(key));
        assertEquals(answer(s.answer()), answer(again), s.path());
        assertEquals("true", again.headers().firstValue("Idempotent-Replayed").orElse(null));
        TestClient.Response otherBody = retrying.postJson(s.path(), "{\"text\": \"changed\"}", keyed(key));
        assertEquals(422, otherBody.status(), otherBody.body());
      }
      // a retry writes before it answers: what is on the topics now is all there is
      String conversation = TENANT + "/" + id;
      assertEquals(List.of(sent.get(0).id()), eventIds(VisitorEvent.class, conversation));
      assertEquals(List.of(sent.get(1).id()), eventIds(BotEvent.class, conversation));
      assertEquals(List.of(sent.get(2).id()), eventIds(HandoverRequested.class, conversation));
      assertEquals(1, records(Topics.CONNECTIONS).stream().filter(r -> r.getConnectionId().equals(sent.get(3).id()))
          .count());
      List<IdempotentRequest> ledger = records(Topics.INGRESS_IDEMPOTENCY);
      List<String> bodies = sent.stream().map(s -> s.answer().body()).toList();
      assertEquals(4, ledger.stream().filter(r -> r.getStage() == IdempotencyStage.answered
          && bodies.contains(r.getBody())).count(), "each answer kept once");
      assertTrue(ledger.stream().noneMatch(r -> r.toString().contains(secret)), "the secret is never kept");
    };
  }

  static List<String> eventIds(Class<? extends SpecificRecord> type, String conversation) {
    return TopicReader.inputs(kafka, type, conversation, 1).stream()
        .map(r -> ConversationInputs.eventId(ConversationInputs.of(r.value()))).toList();
  }

  /**
   * A retry reaching the other instance gets the first answer byte for byte and writes nothing; the same key with
   * another body is refused there too. Another key, or none, is another request.
   */
  @Test
  void anIdempotentRetryOnTheOtherInstanceGetsTheFirstAnswer() {
    retryIsReplayed().accept(second);
    String path = "/v1/conversations/shared-" + UUID.randomUUID() + "/messages";
    List<String> ids = Stream.of(keyed("a"), keyed("b"), AS_TENANT, AS_TENANT)
        .map(headers -> second.postJson(path, "{\"text\": \"hi\"}", headers).json().get("eventId").asText())
        .toList();
    assertEquals(4, ids.stream().distinct().count(), ids.toString());
  }

  /** Identify through instance one; the check: a track at once, the handover carries the traits. */
  static Consumer<TestClient> trackSeesTraits() {
    TestClient identifying = first;
    String user = "user-" + UUID.randomUUID();
    String conversation = "segment-" + UUID.randomUUID();
    TestClient.Response identified = identifying.postJson("/v1/segment/identify", "{\"userId\": \"" + user
        + "\", \"traits\": {\"email\": \"ada@lovelace.org\"}}", AS_TENANT);
    assertEquals(200, identified.status(), identified.body());
    return tracking -> {
      TestClient.Response t = tracking.postJson("/v1/segment/track", "{\"userId\": \"" + user + "\", \"event\": \"Live"
          + " Chat Conversation Started\", \"properties\": {\"conversation_id\": \"" + conversation
          + "\", \"connectionId\": \"" + salesforce + "\"}}", AS_TENANT);
      assertEquals(202, t.status(), t.body());
      HandoverRequested h = TopicReader.singleInput(kafka, HandoverRequested.class, TENANT + "/" + conversation);
      assertEquals("ada@lovelace.org", h.getContext().getEmail());
      assertEquals(List.of(user), records(Topics.SEGMENT_TRAITS).stream().map(SegmentUserTraits::getUser)
          .filter(user::equals).toList(), "one identify, one record");
    };
  }

  @Test
  void traitsIdentifiedOnOneInstanceReachAHandoverStartedOnTheOther() {
    trackSeesTraits().accept(second);
  }

  static void produce(String conversation, long sequence) throws Exception {
    ConversationEvent e = WebhookTest.event(TENANT, conversation, sequence, new AgentMessage("Hi", "Alex", List.of()));
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), TENANT + "/" + conversation, e)).get();
  }

  static JsonNode deliveries(TestClient client) {
    TestClient.Response r = client.get("/v1/webhook", AS_TENANT);
    assertEquals(200, r.status(), r.body());
    return r.json().get("deliveries");
  }

  /**
   * Deliveries made by instance one, counted by GET /v1/webhook on two; the check: one more delivery by instance one
   * (restarted or not: it continues the counts of its partitions) is counted too, and both instances show the same.
   */
  static Consumer<TestClient> deliveriesAreSummed() throws Exception {
    JsonNode before = deliveries(second);
    String ok = "ok-" + UUID.randomUUID();
    String refused = "refused-" + UUID.randomUUID();
    produce(ok, 1);
    produce(ok, 2);
    produce(refused, 1);
    long delivered = before.get("delivered").asLong() + 2;
    long failed = before.get("failed").asLong() + 1;
    Eventually.until(Duration.ofSeconds(15), "the deliveries are counted on the other instance", () -> {
      JsonNode d = deliveries(second);
      return d.get("delivered").asLong() == delivered && d.get("failed").asLong() == failed;
    });
    assertEquals(refused, deliveries(second).get("recentFailures").get(0).get("conversationId").asText());
    return delivering -> {
      try {
        produce(ok, 3);
      } catch (Exception e) {
        throw new AssertionError(e);
      }
      Eventually.until(Duration.ofSeconds(15), "the next delivery is counted",
          () -> deliveries(second).get("delivered").asLong() == delivered + 1);
      JsonNode counted = deliveries(second);
      assertEquals(counted, deliveries(delivering));
      // the topic's latest tally per partition sums to what both show
      Map<Integer, WebhookTally> latest = new HashMap<>();
      records(Topics.WEBHOOK_OUTCOMES).stream().filter(t -> t.getTenant().equals(TENANT))
          .forEach(t -> latest.put(t.getPartition(), t));
      assertEquals(counted.get("delivered").asLong(),
          latest.values().stream().mapToLong(WebhookTally::getDelivered).sum());
    };
  }

  @Test
  void deliveriesOnOneInstanceAreCountedOnTheOther() throws Exception {
    deliveriesAreSummed().accept(first);
  }

  /** A Chat2Desk token claimed through instance one; the check: another connection's claim is refused. */
  static Consumer<TestClient> tokenIsHeldOnce() {
    String token = "c2d-" + UUID.randomUUID();
    JsonNode holder = Chat2DeskTokenClaimsTest.create(first, token);
    assertEquals("active", holder.get("status").asText());
    return refusing -> Chat2DeskTokenClaimsTest.assertLost(Chat2DeskTokenClaimsTest.create(refusing, token),
        holder.get("connectionId").asText());
  }

  @Test
  void aChat2DeskTokenClaimedOnOneInstanceIsRefusedOnTheOther() {
    tokenIsHeldOnce().accept(second);
  }

  static void restartOne() {
    one.stop();
    one = new IngressService(DELIVERING, settings, LOCAL_HOOKS);
    one.start();
    first = new TestClient(one.port());
  }

  /** Each pair again, instance one restarted between the first request and the second, which reaches it too. */
  @Test
  void everyPairHoldsAcrossARestartOfTheInstanceThatTookTheFirstRequest() throws Exception {
    List<Consumer<TestClient>> checks = List.of(retryIsReplayed(), trackSeesTraits(), tokenIsHeldOnce(),
        deliveriesAreSummed());
    restartOne();
    checks.forEach(check -> check.accept(first));
  }
}
