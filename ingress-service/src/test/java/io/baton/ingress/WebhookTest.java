package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.BotWebhook;
import io.baton.events.ConversationStatus;
import io.baton.secrets.KeyRing;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import io.baton.ingress.webhook.WebhookDispatcher;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bot webhooks: signed, in order, retried with backoff, failures shown, one tenant's events only; router output acted
 * on before its transaction commits, once per run, and records beyond a gap held (and never committed past).
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookTest {
  static IngressService ingress;
  static TestClient client;
  static HttpServer receiver;
  static KafkaProducer<String, ConversationEvent> producer;
  static KafkaBroker kafka;
  static final String TRACED = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";
  /** Per receiver path: the bodies received with a valid signature, and how many attempts to refuse first. */
  static final Map<String, List<JsonNode>> received = new ConcurrentHashMap<>();
  static final Map<String, AtomicInteger> refuse = new ConcurrentHashMap<>();
  static final Map<String, String> secrets = new ConcurrentHashMap<>();
  static final List<String> badSignatures = new CopyOnWriteArrayList<>();
  /** Per event id received: its traceparent and tracestate headers. */
  static final Map<String, String> traces = new ConcurrentHashMap<>();

  @BeforeAll
  static void start(KafkaBroker broker) throws IOException {
    kafka = broker;
    ingress = new IngressService(TestKeys.config().withWebhooks(new IngressConfig.Webhooks(true, 3,
        Duration.ofMillis(50), Duration.ofSeconds(2))), KafkaSettings.of(broker.bootstrapServers()),
        io.baton.ingress.guard.IngressGuards.defaults().withWebhookAllowLoopback(true)); // the receiver is local
    ingress.start();
    client = new TestClient(ingress.port());
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("webhook-test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
    receiver = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    receiver.createContext("/", exchange -> {
      String path = exchange.getRequestURI().getPath();
      byte[] bytes = exchange.getRequestBody().readAllBytes();
      String body = new String(bytes, StandardCharsets.UTF_8);
      AtomicInteger left = refuse.get(path);
      if (left != null && left.getAndDecrement() > 0) {
        exchange.sendResponseHeaders(500, -1);
        exchange.close();
        return;
      }
      String signature = exchange.getRequestHeaders().getFirst("Baton-Signature");
      if (verify(secrets.get(path), signature, body)) {
        JsonNode json = TestClient.JSON.readTree(body);
        traces.put(json.get("eventId").asText(), exchange.getRequestHeaders().getFirst("traceparent") + " "
            + exchange.getRequestHeaders().getFirst("tracestate"));
        received.computeIfAbsent(path, p -> new CopyOnWriteArrayList<>()).add(json);
      } else {
        badSignatures.add(path + " " + signature);
      }
      exchange.sendResponseHeaders(204, -1);
      exchange.close();
    });
    receiver.start();
  }

  @AfterAll
  static void stop() {
    receiver.stop(0);
    producer.close();
    ingress.stop();
  }

  /** What a bot's receiver does: recompute the HMAC over "t.body" and compare in constant time. */
  static boolean verify(String secret, String header, String body) {
    if (secret == null || header == null || !header.matches("t=\\d+,v1=[0-9a-f]{64}")) {
      return false;
    }
    String t = header.substring(2, header.indexOf(','));
    String v1 = header.substring(header.indexOf("v1=") + 3);
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] expected = mac.doFinal((t + "." + body).getBytes(StandardCharsets.UTF_8));
      return MessageDigest.isEqual(expected, HexFormat.of().parseHex(v1))
          && Math.abs(Instant.now().getEpochSecond() - Long.parseLong(t)) < 300;
    } catch (Exception e) {
      return false;
    }
  }

  static String register(String tenant, String path) {
    TestClient.Response r = client.send("PUT", "/v1/webhook", HttpRequest.BodyPublishers.ofString(
        "{\"url\": \"http://localhost:" + receiver.getAddress().getPort() + path + "\"}"),
        "Content-Type", "application/json", "X-Baton-Tenant", tenant);
    assertEquals(200, r.status(), r.body());
    String secret = r.json().get("secret").asText();
    assertTrue(secret.startsWith("whsec_"), r.body());
    secrets.put(path, secret);
    return secret;
  }

  static ConversationEvent event(String tenant, String id, long seq, Object body) {
    return ConversationEvent.newBuilder().setEventId(tenant + "-" + id + "-e" + seq).setOccurredAt(Instant.now())
        .setTenant(tenant).setConversationId(id).setSequence(seq).setCausationId("c" + seq)
        .setController(io.baton.events.Controller.agent).setStatus(ConversationStatus.agent_connected)
        .setHandoverId("h1").setPlatform(io.baton.events.Platform.salesforce).setBody(body).build();
  }

  static void produce(ConversationEvent e) throws Exception {
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/" + e.getConversationId(),
        e)).get();
  }

  static List<String> ids(String path) {
    return received.getOrDefault(path, List.of()).stream().map(j -> j.get("eventId").asText()).toList();
  }

  @Test
  void aWebhookSealedWithAKeyThisInstanceLacksFailsForItsTenantAloneWithTheReason() throws Exception {
    // written by an ingress whose secrets key this one does not hold (a key dropped before the re-seal ran)
    SealedSecrets other = new SealedSecrets(KeyRing.of(List.of(Map.entry("k9", new byte[32]))));
    // Other classes on the module's broker register webhooks for globex and count its deliveries: this test looks
    // for its own URL and its own failure, against the count before it.
    String path = "/globex-" + UUID.randomUUID();
    BotWebhook foreign = BotWebhook.newBuilder().setTenant("globex").setUrl("http://localhost:"
        + receiver.getAddress().getPort() + path).setEnabled(true).setUpdatedAt(Instant.now())
        .setEncryptedSecret(ByteBuffer.wrap(other.sealWebhookSecret("globex", "whsec_unopened"))).build();
    try (KafkaProducer<String, BotWebhook> webhooks = new KafkaProducer<>(KafkaSettings.of(kafka.bootstrapServers())
        .producerProperties("webhook-test-foreign"), Topics.WEBHOOKS.keySerde().serializer(),
        Topics.WEBHOOKS.valueSerde().serializer())) {
      webhooks.send(new ProducerRecord<>(Topics.WEBHOOKS.name(), "globex", foreign)).get();
    }
    Eventually.until(Duration.ofSeconds(10), "the foreign webhook read", () -> {
      TestClient.Response r = client.get("/v1/webhook", "X-Baton-Tenant", "globex");
      return r.status() == 200 && r.json().path("url").asText().endsWith(path);
    });
    long failedBefore = client.get("/v1/webhook", "X-Baton-Tenant", "globex").json().get("deliveries").get("failed")
        .asLong();
    register("acme.eu-1", "/acme.eu-1");
    String id = "unopened-" + UUID.randomUUID();
    produce(event("globex", id, 1, new AgentMessage("for globex", "Alex", List.of())));
    produce(event("acme.eu-1", id, 1, new AgentMessage("for acme.eu-1", "Alex", List.of())));
    Eventually.until(Duration.ofSeconds(20), "the other tenant's event delivered and globex's failed",
        () -> ids("/acme.eu-1").size() == 1 && client.get("/v1/webhook", "X-Baton-Tenant", "globex").json()
            .get("deliveries").get("failed").asLong() == failedBefore + 1);
    JsonNode failure = null;
    for (JsonNode f : client.get("/v1/webhook", "X-Baton-Tenant", "globex").json().get("deliveries")
        .get("recentFailures")) {
      if (f.get("eventId").asText().equals("globex-" + id + "-e1")) {
        failure = f;
      }
    }
    assertTrue(failure != null, "globex's failure is listed");
    assertEquals(0, failure.get("attempts").asInt(), "not sent unsigned, nor sent at all");
    assertEquals("webhook of tenant globex: secrets sealed with key k9, which is not among this service's secrets "
        + "keys [legacy] (BATON_INGRESS_SECRETS_KEYS)", failure.get("error").asText());
    assertEquals(List.of(), ids(path));
  }

  @Test
  void eventsArriveSignedInOrderAfterRetriesAndOnlyTheTenantsOwn() throws Exception {
    String secret = register("acme", "/acme");
    register("tenant-a", "/tenant-a");
    assertFalse(client.get("/v1/webhook", "X-Baton-Tenant", "acme").body().contains(secret),
        "the secret is shown once");
    String id = "hook-" + UUID.randomUUID();
    refuse.put("/acme", new AtomicInteger(2)); // the first two attempts fail: the third (last) succeeds
    produce(event("acme", id, 1, new ChatQueued(2, 30)));
    produce(event("acme", id, 2, new AgentTyping(true))); // not for bots
    var joined = new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "acme/" + id,
        event("acme", id, 3, new AgentJoined("Alex", "005")));
    joined.headers().add("traceparent", TRACED.getBytes(StandardCharsets.US_ASCII));
    joined.headers().add("tracestate", "congo=t61rcWkgMzE".getBytes(StandardCharsets.US_ASCII));
    producer.send(joined).get();
    produce(event("acme", id, 4, new AgentMessage("Hello", "Alex", List.of())));
    produce(event("demo", id, 1, new AgentMessage("not acme's", "Bo", List.of())));
    Eventually.until(Duration.ofSeconds(20), "three events delivered", () -> ids("/acme").size() >= 3);
    assertEquals(List.of("acme-" + id + "-e1", "acme-" + id + "-e3", "acme-" + id + "-e4"), ids("/acme"));
    JsonNode first = received.get("/acme").get(0);
    assertEquals("acme", first.get("tenant").asText());
    assertEquals(id, first.get("conversationId").asText());
    assertEquals("chat.queued", first.get("type").asText());
    assertEquals(2, first.get("position").asInt());
    assertEquals(List.of(), badSignatures);
    assertEquals(List.of(), ids("/tenant-a"));

    // the event's trace goes on to the bot in a span of the dispatcher's; an event without one starts a trace
    String joinedTrace = traces.get("acme-" + id + "-e3");
    assertTrue(joinedTrace.matches("00-4bf92f3577b34da6a3ce929d0e0e4736-[0-9a-f]{16}-01 congo=t61rcWkgMzE"),
        joinedTrace);
    assertFalse(joinedTrace.contains("00f067aa0ba902b7"), joinedTrace);
    assertTrue(traces.get("acme-" + id + "-e1").matches("00-[0-9a-f]{32}-[0-9a-f]{16}-01 null"),
        traces.get("acme-" + id + "-e1"));

    // counted once the receiver's answer is in, which may be just after the receiver saw the body
    Eventually.until(Duration.ofSeconds(5), "three deliveries counted", () -> client.get("/v1/webhook",
        "X-Baton-Tenant", "acme").json().get("deliveries").get("delivered").asLong() == 3);
    JsonNode status = client.get("/v1/webhook", "X-Baton-Tenant", "acme").json();
    assertEquals(3, status.get("deliveries").get("delivered").asLong());
    assertEquals(0, status.get("deliveries").get("failed").asLong());
  }

  @Test
  void aDeliveryThatKeepsFailingIsSkippedAndShown() throws Exception {
    register("tenant-b", "/tenant-b");
    String id = "hook-fail-" + UUID.randomUUID();
    refuse.put("/tenant-b", new AtomicInteger(3)); // every attempt of the first event
    produce(event("tenant-b", id, 1, new AgentJoined("Alex", "005")));
    produce(event("tenant-b", id, 2, new AgentMessage("after the failure", "Alex", List.of())));
    Eventually.until(Duration.ofSeconds(20), "the next event is delivered", () -> ids("/tenant-b").size() == 1);
    assertEquals(List.of("tenant-b-" + id + "-e2"), ids("/tenant-b"));
    JsonNode deliveries = client.get("/v1/webhook", "X-Baton-Tenant", "tenant-b").json().get("deliveries");
    assertEquals(1, deliveries.get("failed").asLong());
    JsonNode failure = deliveries.get("recentFailures").get(0);
    assertEquals("tenant-b-" + id + "-e1", failure.get("eventId").asText());
    assertEquals(3, failure.get("attempts").asInt());
    assertEquals("HTTP 500", failure.get("error").asText());

    // disabled: nothing more is sent
    assertEquals(204, client.send("DELETE", "/v1/webhook", HttpRequest.BodyPublishers.noBody(), "X-Baton-Tenant",
        "tenant-b").status());
    assertFalse(client.get("/v1/webhook", "X-Baton-Tenant", "tenant-b").json().get("enabled").asBoolean());
  }

  static ProducerRecord<String, ConversationEvent> record(ConversationEvent e) {
    return new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/" + e.getConversationId(), e);
  }

  static long committed(TopicPartition partition) {
    try (var admin = kafka.admin()) {
      OffsetAndMetadata o = admin.listConsumerGroupOffsets(WebhookDispatcher.GROUP).partitionsToOffsetAndMetadata()
          .get().get(partition);
      return o == null ? -1 : o.offset();
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void anAbortedRouterTransactionIsDeliveredOnceAndARecordBeyondAGapWaits() throws Exception {
    register("acme.eu-1", "/eu");
    String id = "hook-tx-" + UUID.randomUUID();
    String t = "acme.eu-1";
    List<ConversationEvent> events = new ArrayList<>();
    for (long seq = 1; seq <= 5; seq++) {
      events.add(event(t, id, seq, new AgentMessage("m" + seq, "Alex", List.of())));
    }
    Properties props = KafkaSettings.of(kafka.bootstrapServers()).producerProperties("aborting-router");
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "webhook-test-router-" + UUID.randomUUID());
    try (KafkaProducer<String, ConversationEvent> router = new KafkaProducer<>(props,
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer())) {
      router.initTransactions();
      router.beginTransaction();
      router.send(record(events.get(0)));
      router.send(record(events.get(1)));
      router.flush();
      // delivered before the transaction ends
      Eventually.until(Duration.ofSeconds(20), "e1 and e2 delivered", () -> ids("/eu").size() >= 2);
      router.abortTransaction();
      router.beginTransaction(); // the deterministic router writes the same records again, and the next one
      router.send(record(events.get(0)));
      router.send(record(events.get(1)));
      router.send(record(events.get(2)));
      router.commitTransaction();
    }
    Eventually.until(Duration.ofSeconds(20), "e3 delivered", () -> ids("/eu").size() >= 3);

    // e5 before e4: held, and the group's offset stays at it, so a restart would read it again
    RecordMetadata fifth = producer.send(record(events.get(4))).get();
    TopicPartition partition = new TopicPartition(fifth.topic(), fifth.partition());
    Eventually.until(Duration.ofSeconds(20), "the offset committed up to the held record",
        () -> committed(partition) == fifth.offset());
    assertEquals(3, ids("/eu").size(), ids("/eu").toString());
    producer.send(record(events.get(3))).get();
    Eventually.until(Duration.ofSeconds(20), "e4 and e5 delivered", () -> ids("/eu").size() >= 5);
    assertEquals(events.stream().map(ConversationEvent::getEventId).toList(), ids("/eu"));
    Eventually.until(Duration.ofSeconds(20), "the offset committed past e5",
        () -> committed(partition) > fifth.offset());
  }

  @Test
  void aBadUrlIsRefusedAndAWidgetTokenCannotRegister() {
    TestClient.Response r = client.send("PUT", "/v1/webhook", HttpRequest.BodyPublishers.ofString(
        "{\"url\": \"ftp://example.com/hook\"}"), "Content-Type", "application/json");
    assertEquals(422, r.status());
    assertEquals("url", r.json().get("errors").get(0).get("field").asText());
    String token = client.postJson("/v1/conversations/w-" + UUID.randomUUID() + "/widget-token", "{}").json()
        .get("token").asText();
    assertEquals(403, client.send("PUT", "/v1/webhook", HttpRequest.BodyPublishers.ofString(
        "{\"url\": \"https://example.com/hook\"}"), "Content-Type", "application/json", "Authorization",
        "Bearer " + token).status());
  }
}
