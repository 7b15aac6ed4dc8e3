package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.events.TokenClaim;
import io.baton.events.TokenClaimAction;
import io.baton.ingress.connection.TokenClaims;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A Chat2Desk token is active in one connection only, decided through connections.claims.v1: two ingress instances
 * asked at the same moment agree, releases free the token for another connection, and the rule survives a restart.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskTokenClaimsTest {
  static final String REASON = "this Chat2Desk token is already active in connection %s; a token may be active in one"
      + " connection only";
  static KafkaBroker kafka;
  static KafkaSettings settings;
  static IngressService two;
  static TestClient first;
  static TestClient second;

  @RegisterExtension
  static final IngressUnderTest ONE = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    two = new IngressService(TestKeys.config(), settings);
    two.start();
    first = new TestClient(ONE.service().port());
    second = new TestClient(two.port());
  }

  @AfterAll
  static void stop() {
    two.stop();
  }

  static String body(String token) {
    return "{\"platform\": \"chat2desk\", \"name\": \"C2D\", \"secrets\": {\"token\": \"" + token + "\"}}";
  }

  static JsonNode create(TestClient client, String token) {
    TestClient.Response r = client.postJson("/v1/connections", body(token));
    assertEquals(201, r.status(), r.body());
    return r.json();
  }

  static JsonNode patch(TestClient client, String id, String body) {
    TestClient.Response r = client.send("PATCH", "/v1/connections/" + id, HttpRequest.BodyPublishers.ofString(body),
        "Content-Type", "application/json");
    assertEquals(200, r.status(), r.body());
    return r.json();
  }

  static void assertLost(JsonNode connection, String winner) {
    assertEquals("inactive", connection.get("status").asText(), connection.toString());
    assertEquals(REASON.formatted(winner), connection.get("statusReason").asText());
  }

  @Test
  void twoInstancesAskedAtOnceActivateATokenOnce() throws Exception {
    for (int round = 0; round < 4; round++) {
      String token = "race-" + UUID.randomUUID();
      CyclicBarrier together = new CyclicBarrier(2);
      List<CompletableFuture<JsonNode>> answers = new ArrayList<>();
      for (TestClient client : List.of(first, second)) {
        answers.add(CompletableFuture.supplyAsync(() -> {
          try {
            together.await();
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
          return create(client, token);
        }));
      }
      List<JsonNode> created = answers.stream().map(CompletableFuture::join).toList();
      List<JsonNode> active = created.stream().filter(c -> c.get("status").asText().equals("active")).toList();
      assertEquals(1, active.size(), "round " + round + ": " + created);
      String winner = active.get(0).get("connectionId").asText();
      JsonNode loser = created.stream().filter(c -> c != active.get(0)).findFirst().orElseThrow();
      assertLost(loser, winner);
      // both instances show the same outcome
      for (TestClient client : List.of(first, second)) {
        Eventually.until(Duration.ofSeconds(10), "round " + round + ": both connections read", () -> Stream.of(
            winner, loser.get("connectionId").asText())
            .allMatch(id -> client.get("/v1/connections/" + id).status() == 200));
        assertEquals("active", client.get("/v1/connections/" + winner).json().get("status").asText());
      }
    }
  }

  @Test
  void aDeactivatedOrDeletedHolderFreesTheTokenForAnotherInstancesConnection() {
    String token = "release-" + UUID.randomUUID();
    String a = create(first, token).get("connectionId").asText();
    JsonNode b = create(second, token);
    assertLost(b, a);
    String bId = b.get("connectionId").asText();
    // a re-applied loser still loses while the holder holds
    assertLost(patch(second, bId, "{}"), a);

    assertEquals("inactive", patch(first, a, "{\"enabled\": false}").get("status").asText());
    assertEquals("active", patch(second, bId, "{}").get("status").asText(), "the deactivation released it");
    assertLost(patch(first, a, "{\"enabled\": true}"), bId);

    assertEquals(204, second.send("DELETE", "/v1/connections/" + bId, HttpRequest.BodyPublishers.noBody()).status());
    assertEquals("active", patch(first, a, "{}").get("status").asText(), "the deletion released it");

    // a token change releases the old token and claims the new one
    String other = "release-other-" + UUID.randomUUID();
    assertEquals("active", patch(first, a, "{\"secrets\": {\"token\": \"" + other + "\"}}").get("status").asText());
    assertEquals("active", create(second, token).get("status").asText());
    assertLost(create(second, other), a);
  }

  @Test
  void aConnectionWhoseClaimWasWrittenBeforeACrashWinsItsRetry() throws Exception {
    String token = "crash-" + UUID.randomUUID();
    String crashed = "conn-crashed-" + UUID.randomUUID();
    // the instance claimed and died before saving the connection: the token is held by a connection nobody stored
    produce(Topics.TOKEN_CLAIMS, digest(token), TokenClaim.newBuilder().setClaimId(UUID.randomUUID().toString())
        .setTenant("demo").setConnectionId(crashed).setAction(TokenClaimAction.claim)
        .setAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build());
    // another connection loses to it while it may still be saved (the grace is minutes)
    assertLost(create(second, token), crashed);
    // the retry of the crashed request (same connectionId) wins again
    TestClient.Response retried = first.postJson("/v1/connections", "{\"connectionId\": \"" + crashed
        + "\", \"platform\": \"chat2desk\", \"name\": \"C2D\", \"secrets\": {\"token\": \"" + token + "\"}}");
    assertEquals(201, retried.status(), retried.body());
    assertEquals("active", retried.json().get("status").asText());
  }

  @Test
  void aHolderTheConnectorFoundBrokenDoesNotBlockTheToken() throws Exception {
    String token = "stale-" + UUID.randomUUID();
    String a = create(first, token).get("connectionId").asText();
    // the connector's verdict: the token does not work (no release is written for it)
    Connection current = kafka.readUntil(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
        Topics.CONNECTIONS.valueSerde().deserializer(), rs -> rs.stream().anyMatch(r -> a.equals(r.key())),
        Duration.ofSeconds(10)).stream().filter(r -> a.equals(r.key())).map(r -> r.value()).findFirst().orElseThrow();
    produce(Topics.CONNECTIONS, a, Connection.newBuilder(current).setStatus(ConnectionStatus.inactive)
        .setStatusReason("Chat2Desk refused the token").setUpdatedAt(current.getUpdatedAt().plusSeconds(1)).build());
    Eventually.until(Duration.ofSeconds(10), "the second instance read the verdict", () -> second
        .get("/v1/connections/" + a).json().get("status").asText().equals("inactive"));
    String b = create(second, token).get("connectionId").asText();
    assertEquals("active", second.get("/v1/connections/" + b).json().get("status").asText());
    assertLost(patch(first, a, "{}"), b);
  }

  /**
   * A restarted instance knows every holder; at start it claims the tokens of connections saved active before claims
   * existed (here: written straight to connections.v1, no claim).
   */
  @Test
  void aRestartedInstanceKeepsTheRuleAndClaimsTheTokensOfOlderConnections() throws Exception {
    String token = "restart-" + UUID.randomUUID();
    String a = create(first, token).get("connectionId").asText();
    String oldToken = "old-" + UUID.randomUUID();
    String old = "conn-old-" + UUID.randomUUID();
    produce(Topics.CONNECTIONS, old, Connection.newBuilder().setConnectionId(old).setTenant("demo")
        .setPlatform(Platform.chat2desk).setName("old").setEnabled(true)
        .setEncryptedSecrets(ByteBuffer.wrap(new SealedSecrets(TestKeys.SECRETS_KEY).seal("demo", old,
            Map.of("token", oldToken))))
        .setStatus(ConnectionStatus.active).setUpdatedAt(Instant.now().truncatedTo(ChronoUnit.MILLIS)).build());
    IngressService restarted = new IngressService(TestKeys.config(), settings);
    restarted.start();
    try {
      TestClient third = new TestClient(restarted.port());
      assertLost(create(third, token), a);
      assertLost(create(first, oldToken), old);
    } finally {
      restarted.stop();
    }
    List<TokenClaim> claims = kafka.readAll(Topics.TOKEN_CLAIMS.name(), Topics.TOKEN_CLAIMS.keySerde().deserializer(),
        Topics.TOKEN_CLAIMS.valueSerde().deserializer()).stream().filter(r -> r.key().equals(digest(oldToken)))
        .map(r -> r.value()).toList();
    assertEquals(List.of(old, "claim"), List.of(claims.get(0).getConnectionId(), claims.get(0).getAction().name()));
    assertTrue(claims.stream().noneMatch(c -> c.toString().contains(oldToken)), "the token itself is never written");
  }

  /** A claim won for a connection whose record then was not stored is given back: the token is not blocked. */
  @Test
  void aClaimWhoseConnectionWasNotStoredIsReleased() {
    IngressService flaky = new IngressService(TestKeys.config(), settings,
        props -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()) {
          @Override
          public Future<RecordMetadata> send(ProducerRecord<String, byte[]> record, Callback callback) {
            if (record.topic().equals(Topics.CONNECTIONS.name())) { // every connection's record is refused
              TimeoutException refused = new TimeoutException("Expiring 1 record(s) for connections.v1-0");
              callback.onCompletion(null, refused);
              return CompletableFuture.failedFuture(refused);
            }
            return super.send(record, callback);
          }
        });
    flaky.start();
    try {
      String token = "unstored-" + UUID.randomUUID();
      TestClient.Response refused = new TestClient(flaky.port()).postJson("/v1/connections", body(token));
      assertEquals(503, refused.status(), refused.body());
      JsonNode created = create(first, token);
      assertEquals("active", created.get("status").asText(), created.toString());
    } finally {
      flaky.stop();
    }
  }

  static String digest(String token) {
    return new TokenClaims(settings, null, io.baton.secrets.KeyRing.legacy(TestKeys.SECRETS_KEY), Duration.ofSeconds(1))
        .digest("chat2desk", token);
  }

  static <V> void produce(TopicSpec<String, V> topic, String key, V value) throws Exception {
    try (KafkaProducer<String, V> producer = new KafkaProducer<>(settings.producerProperties("claims-test"),
        topic.keySerde().serializer(), topic.valueSerde().serializer())) {
      producer.send(new ProducerRecord<>(topic.name(), key, value)).get();
    }
  }
}
