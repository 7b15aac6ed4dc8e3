package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.secrets.KeyRing;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Rotating the secrets key and the widget token key with three ingresses running at once, one per step of the
 * README's procedure: {@code old} has the new keys second, {@code rotated} first, {@code dropped} has them only. Then
 * {@link SecretLeakSearch} greps everything the flow left for every secret it used.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class KeyRotationTest {
  static final String RUN = UUID.randomUUID().toString().substring(0, 8);
  static final String TENANT = "rotation-" + RUN;
  static final byte[] K1 = random(32);
  static final byte[] K2 = random(32);
  static final byte[] T1 = random(32);
  static final byte[] T2 = random(32);
  static final String ADMIN = "admin-" + HexFormat.of().formatHex(random(12));
  static final String BOT = "bot-" + HexFormat.of().formatHex(random(12));
  static final String DIXA_KEY = "dixa-api-" + HexFormat.of().formatHex(random(12));
  static final String CHAT2DESK_TOKEN = "c2d-" + HexFormat.of().formatHex(random(12));
  static final String DIXA = "dixa-" + RUN;
  static final String CHAT2DESK = "c2d-" + RUN;
  static final String CONVERSATION = "conversation-" + RUN;
  static KafkaBroker kafka;
  static SecretLeakSearch leaks;
  static IngressService old;
  static IngressService rotated;
  static IngressService dropped;
  static String webhookSecret;
  static String legacyToken;
  static String newToken;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    leaks = SecretLeakSearch.start(broker);
    old = ingress(List.of(Map.entry(KeyRing.LEGACY, K1), Map.entry("k2", K2)),
        List.of(Map.entry(KeyRing.LEGACY, T1), Map.entry("t2", T2)));
    rotated = ingress(List.of(Map.entry("k2", K2), Map.entry(KeyRing.LEGACY, K1)),
        List.of(Map.entry("t2", T2), Map.entry(KeyRing.LEGACY, T1)));
    dropped = ingress(List.of(Map.entry("k2", K2)), List.of(Map.entry("t2", T2)));
  }

  @AfterAll
  static void stop() {
    for (IngressService i : new IngressService[] {old, rotated, dropped}) {
      if (i != null) {
        i.stop();
      }
    }
    leaks.close();
  }

  @Test
  @Order(1)
  void secretsAndTokensOfTheOldKeyStayValidUntilItIsDroppedAndReSealingMovesThemToTheNewOne() {
    // sealed and signed by the old key while the new one is second
    assertEquals(201, asAdmin(old, "POST", "/v1/connections", "{\"connectionId\": \"" + DIXA + "\", \"platform\": "
        + "\"dixa\", \"name\": \"Dixa\", \"secrets\": {\"apiKey\": \"" + DIXA_KEY + "\"}}").status());
    assertEquals(201, asAdmin(old, "POST", "/v1/connections", "{\"connectionId\": \"" + CHAT2DESK + "\", \"platform\": "
        + "\"chat2desk\", \"name\": \"Chat2Desk\", \"secrets\": {\"token\": \"" + CHAT2DESK_TOKEN + "\"}}").status());
    TestClient.Response put = asAdmin(old, "PUT", "/v1/webhook", "{\"url\": \"https://bot.example.com/hook\"}");
    assertEquals(200, put.status(), put.body());
    webhookSecret = put.json().get("secret").asText();
    legacyToken = mint(old);
    assertTrue(legacyToken.startsWith("wt1."), legacyToken);
    assertEquals(Optional.of(KeyRing.LEGACY), SealedSecrets.keyIdOf(sealed(DIXA)));

    // the new key first: the old token still opens its conversation, new tokens name t2 and the old instance takes them
    assertEquals(404, asWidget(rotated, legacyToken).status(), "let in: the conversation has no events yet");
    newToken = mint(rotated);
    assertTrue(newToken.startsWith("wt2.t2."), newToken);
    assertEquals(404, asWidget(old, newToken).status());

    // re-sealed once every instance has read what the old one wrote; a second run finds nothing to do
    Eventually.until(Duration.ofSeconds(20), "the rotated instance has read the connections and the webhook",
        () -> asAdmin(rotated, "GET", "/v1/connections/" + CHAT2DESK, null).status() == 200
            && asAdmin(rotated, "GET", "/v1/webhook", null).status() == 200);
    JsonNode first = reseal(rotated, ADMIN).json();
    assertEquals("k2", first.get("sealingKey").asText());
    assertTally(first.get("connections"), 2, 0);
    assertTally(first.get("webhooks"), 1, 0);
    JsonNode second = reseal(rotated, ADMIN).json();
    assertTally(second.get("connections"), 0, 2);
    assertTally(second.get("webhooks"), 0, 1);
    assertEquals(Optional.of("k2"), SealedSecrets.keyIdOf(sealed(DIXA)));
    SealedSecrets k2Only = new SealedSecrets(KeyRing.of(List.of(Map.entry("k2", K2))));
    assertEquals(Map.of("apiKey", DIXA_KEY), k2Only.open(TENANT, DIXA, sealed(DIXA)));
    assertEquals(webhookSecret, k2Only.openWebhookSecret(TENANT, webhookSecret()));

    // the old key dropped: what was re-sealed opens, the old token is refused with the reason, the new one is not
    Eventually.until(Duration.ofSeconds(20), "the re-sealed connection readable without the old key", () -> {
      JsonNode c = asAdmin(dropped, "GET", "/v1/connections/" + DIXA, null).json();
      return !c.has("secretsReadable") && c.get("secretNames").toString().equals("[\"apiKey\"]");
    });
    TestClient.Response refused = asWidget(dropped, legacyToken);
    assertEquals(401, refused.status(), refused.body());
    assertEquals("the widget token was signed with key legacy, which this service no longer accepts (its keys were "
        + "rotated); get a new one from your bot backend", refused.json().get("detail").asText());
    assertEquals(404, asWidget(dropped, newToken).status());

    // the one-connection rule of a Chat2Desk token holds across the rotation: the re-seal claimed it under k2
    JsonNode twin = asAdmin(dropped, "POST", "/v1/connections", "{\"platform\": \"chat2desk\", \"name\": \"Twin\", "
        + "\"secrets\": {\"token\": \"" + CHAT2DESK_TOKEN + "\"}}").json();
    assertEquals("inactive", twin.get("status").asText());
    assertEquals("this Chat2Desk token is already active in connection " + CHAT2DESK + "; a token may be active in "
        + "one connection only", twin.get("statusReason").asText());
  }

  @Test
  @Order(2)
  void onlyTheAdminKeyReSeals() {
    TestClient client = TestClient.anonymous(rotated.port());
    assertEquals(401, client.send("POST", "/v1/admin/secrets/reseal", noBody()).status());
    assertEquals(401, reseal(rotated, "wrong-" + ADMIN).status());
    assertEquals(403, reseal(rotated, BOT).status());
    assertEquals(403, reseal(rotated, newToken).status());
    TestClient.Response withTenant = client.send("POST", "/v1/admin/secrets/reseal", noBody(), "Authorization",
        "Bearer " + ADMIN, "X-Baton-Tenant", TENANT);
    assertEquals(200, withTenant.status(), "the tenant header changes nothing: the route acts on every tenant");
  }

  @Test
  @Order(3)
  void noSecretAppearsInLogsAnswersOrTopics() {
    String handover = Seeds.with(Seeds.DIXA.replace("96f2fc68-beb0-48f4-9efc-78b399205e00", DIXA),
        HandoverApiTest.CONTEXT);
    TestClient.Response accepted = leaks.record(TestClient.anonymous(rotated.port()).postJson("/v1/conversations/"
        + CONVERSATION + "/handover", handover, "Authorization", "Bearer " + BOT));
    assertEquals(202, accepted.status(), accepted.body());
    HostileRequests.send(TestClient.anonymous(dropped.port()), leaks, ADMIN, TENANT, DIXA, List.of(ADMIN, BOT,
        DIXA_KEY, "wrong-" + ADMIN, Base64.getEncoder().encodeToString(K2), Base64.getEncoder().encodeToString(T2)));
    leaks.proveItFinds(TestClient.anonymous(rotated.port()), TENANT, ADMIN, BOT);
    Map<String, byte[]> secrets = new java.util.LinkedHashMap<>();
    secrets.put("admin key", bytes(ADMIN));
    secrets.put("bot key", bytes(BOT));
    secrets.put("wrong admin key", bytes("wrong-" + ADMIN));
    secrets.put("secrets key k1", K1);
    secrets.put("secrets key k2", K2);
    secrets.put("token key legacy", T1);
    secrets.put("token key t2", T2);
    secrets.put("Dixa API key", bytes(DIXA_KEY));
    secrets.put("Chat2Desk token", bytes(CHAT2DESK_TOKEN));
    assertEquals(List.of(), leaks.find(secrets, true));
    // shown once by design, in the answer to its PUT: nowhere else
    assertEquals(List.of(), leaks.find(Map.of("webhook signing secret", bytes(webhookSecret)), false));
  }

  private static IngressService ingress(List<Map.Entry<String, byte[]>> secretsKeys,
      List<Map.Entry<String, byte[]>> tokenKeys) {
    IngressConfig.Security security = IngressConfig.Security.none().withAdminKey(ADMIN).withBotKey(TENANT, BOT)
        .withSecretsKeys(KeyRing.of(secretsKeys)).withTokenKeys(KeyRing.of(tokenKeys));
    IngressService ingress = new IngressService(TestKeys.config().withSecurity(security),
        KafkaSettings.of(kafka.bootstrapServers()));
    ingress.start();
    return ingress;
  }

  static TestClient.Response asAdmin(IngressService ingress, String method, String path, String body) {
    var publisher = body == null ? noBody() : java.net.http.HttpRequest.BodyPublishers.ofString(body);
    return leaks.record(TestClient.anonymous(ingress.port()).send(method, path, publisher, "Authorization",
        "Bearer " + ADMIN, "X-Baton-Tenant", TENANT, "Content-Type", "application/json"));
  }

  private static TestClient.Response reseal(IngressService ingress, String credential) {
    return leaks.record(TestClient.anonymous(ingress.port()).send("POST", "/v1/admin/secrets/reseal", noBody(),
        "Authorization", "Bearer " + credential));
  }

  private static String mint(IngressService ingress) {
    TestClient.Response r = leaks.record(TestClient.anonymous(ingress.port()).postJson("/v1/conversations/"
        + CONVERSATION + "/widget-token", "{}", "Authorization", "Bearer " + BOT));
    assertEquals(201, r.status(), r.body());
    return r.json().get("token").asText();
  }

  private static TestClient.Response asWidget(IngressService ingress, String token) {
    return leaks.record(TestClient.anonymous(ingress.port()).get("/v1/conversations/" + CONVERSATION,
        "Authorization", "Bearer " + token));
  }

  private static void assertTally(JsonNode tally, int resealed, int current) {
    assertEquals(resealed, tally.get("resealed").asInt(), tally.toString());
    assertEquals(current, tally.get("alreadyCurrent").asInt(), tally.toString());
    // what other tests on this broker sealed with their own keys does not open here; none of this test's is among it
    tally.get("unreadable").forEach(u -> {
      assertFalse(u.get("tenant").asText().equals(TENANT), u.toString());
      assertTrue(u.get("reason").asText().matches("(connection \\S+|webhook of tenant \\S+): secrets .*"),
          u.toString());
    });
  }

  private static byte[] sealed(String connectionId) {
    return latest(Topics.CONNECTIONS, connectionId).getEncryptedSecrets().array();
  }

  private static byte[] webhookSecret() {
    return latest(Topics.WEBHOOKS, TENANT).getEncryptedSecret().array();
  }

  private static <V> V latest(io.baton.topics.TopicSpec<String, V> topic, String key) {
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> key.equals(r.key())).reduce((a, b) -> b).orElseThrow().value();
  }

  private static java.net.http.HttpRequest.BodyPublisher noBody() {
    return java.net.http.HttpRequest.BodyPublishers.noBody();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  private static byte[] random(int n) {
    byte[] b = new byte[n];
    new SecureRandom().nextBytes(b);
    return b;
  }
}
