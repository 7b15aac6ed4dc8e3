package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.http.HttpRequest;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** /v1/connections on a real broker: what is stored, what is shown, the statuses and the handover rule. */
@ExtendWith(KafkaBrokerExtension.class)
class ConnectionsApiTest {
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

  static TestClient.Response patch(String path, String body) {
    return client.send("PATCH", path, HttpRequest.BodyPublishers.ofString(body), "Content-Type", "application/json");
  }

  static List<Connection> stored(String connectionId, int atLeast) {
    List<ConsumerRecord<String, Connection>> records = kafka.readUntil(Topics.CONNECTIONS.name(),
        new StringDeserializer(), Topics.CONNECTIONS.valueSerde().deserializer(),
        rs -> rs.stream().filter(r -> connectionId.equals(r.key())).count() >= atLeast, Duration.ofSeconds(20));
    return records.stream().filter(r -> connectionId.equals(r.key())).map(ConsumerRecord::value).toList();
  }

  @Test
  void secretsAreEncryptedAtRestAndNeverReturned() {
    String secret = "sf-client-secret-" + UUID.randomUUID();
    TestClient.Response r = client.postJson("/v1/connections", """
        {"platform": "salesforce", "name": "Support org",
         "settings": {"liveAgentHostname": "d.la1.example.com"},
         "secrets": {"clientSecret": "%s", "password": "hunter2-but-longer"}}""".formatted(secret));
    assertEquals(201, r.status(), r.body());
    JsonNode c = r.json();
    String id = c.get("connectionId").asText();
    assertEquals("/v1/connections/" + id, r.headers().firstValue("Location").orElse(null));
    assertEquals("demo", c.get("tenant").asText());
    assertEquals("salesforce", c.get("platform").asText());
    assertEquals("Support org", c.get("name").asText());
    assertTrue(c.get("enabled").asBoolean());
    assertEquals("d.la1.example.com", c.get("settings").get("liveAgentHostname").asText());
    assertEquals("[\"clientSecret\",\"password\"]", c.get("secretNames").toString());
    assertEquals("active", c.get("status").asText());
    assertTrue(c.get("statusReason").isNull());
    assertFalse(r.body().contains(secret) || r.body().contains("hunter2"), r.body());
    assertFalse(client.get("/v1/connections/" + id).body().contains(secret));
    assertFalse(client.get("/v1/connections").body().contains(secret));

    // on the topic: the raw bytes never hold the secret; the key from the environment opens it
    var raw = kafka.readAll(Topics.CONNECTIONS.name(), new StringDeserializer(), new ByteArrayDeserializer())
        .stream().filter(x -> id.equals(x.key())).toList();
    assertEquals(1, raw.size());
    assertFalse(new String(raw.get(0).value(), StandardCharsets.ISO_8859_1).contains(secret));
    Connection record = stored(id, 1).get(0);
    ByteBuffer sealed = record.getEncryptedSecrets();
    byte[] bytes = new byte[sealed.remaining()];
    sealed.get(bytes);
    assertEquals(Map.of("clientSecret", secret, "password", "hunter2-but-longer"),
        new SealedSecrets(TestKeys.SECRETS_KEY).open("demo", id, bytes));
  }

  @Test
  void updateDeactivateAndDelete() {
    String id = client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \"Dixa\"}").json()
        .get("connectionId").asText();
    String path = "/v1/connections/" + id;

    TestClient.Response renamed = patch(path, "{\"name\": \"Dixa EU\", \"settings\": {\"region\": \"eu\"}}");
    assertEquals(200, renamed.status(), renamed.body());
    assertEquals("Dixa EU", renamed.json().get("name").asText());
    assertEquals("active", renamed.json().get("status").asText());

    TestClient.Response off = patch(path, "{\"enabled\": false}");
    assertEquals(200, off.status(), off.body());
    assertEquals("inactive", off.json().get("status").asText());
    assertEquals("deactivated through the API", off.json().get("statusReason").asText());
    // a handover naming an inactive connection is refused, with the reason
    TestClient.Response handover = client.postJson("/v1/conversations/conn-h-" + UUID.randomUUID() + "/handover",
        "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"connectionId\": \"" + id + "\"}");
    assertEquals(422, handover.status(), handover.body());
    assertEquals("'connectionId' names a connection that is inactive (deactivated through the API)",
        handover.json().get("errors").get(0).get("message").asText());

    TestClient.Response on = patch(path, "{\"enabled\": true}");
    assertEquals("active", on.json().get("status").asText());
    assertEquals(202, client.postJson("/v1/conversations/conn-h-" + UUID.randomUUID() + "/handover",
        "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"connectionId\": \"" + id + "\"}").status());
    // the right tenant but the wrong platform
    TestClient.Response wrong = client.postJson("/v1/conversations/conn-h-" + UUID.randomUUID() + "/handover",
        "{\"crmPlatform\": \"freshchat\", \"connectionId\": \"" + id + "\"}");
    assertEquals(422, wrong.status());
    assertEquals("'connectionId' names a dixa connection, but crmPlatform is freshchat",
        wrong.json().get("errors").get(0).get("message").asText());
    assertEquals(422, patch(path, "{\"platform\": \"kustomer\"}").status());

    TestClient.Response deleted = client.send("DELETE", path, HttpRequest.BodyPublishers.noBody());
    assertEquals(204, deleted.status(), deleted.body());
    assertEquals(404, client.get(path).status());
    assertEquals(404, client.send("DELETE", path, HttpRequest.BodyPublishers.noBody()).status());
    List<Connection> versions = stored(id, 5);
    assertEquals(List.of(ConnectionStatus.active, ConnectionStatus.active, ConnectionStatus.inactive,
        ConnectionStatus.active, ConnectionStatus.deleted), versions.stream().map(Connection::getStatus).toList());
    assertNull(versions.get(4).getEncryptedSecrets());
    // the id is never reused
    assertEquals(409, client.postJson("/v1/connections", "{\"connectionId\": \"" + id
        + "\", \"platform\": \"dixa\", \"name\": \"again\"}").status());
  }

  @Test
  void aChat2DeskTokenIsActiveInOneConnectionOnly() {
    String token = "c2d-token-" + UUID.randomUUID();
    String body = "{\"platform\": \"chat2desk\", \"name\": \"%s\", \"secrets\": {\"token\": \"" + token + "\"}}";
    JsonNode first = client.postJson("/v1/connections", body.formatted("first")).json();
    assertEquals("active", first.get("status").asText());
    TestClient.Response second = client.postJson("/v1/connections", body.formatted("second"));
    assertEquals(201, second.status(), "saved, though inactive");
    assertEquals("inactive", second.json().get("status").asText());
    assertEquals("this Chat2Desk token is already active in connection " + first.get("connectionId").asText()
        + "; a token may be active in one connection only", second.json().get("statusReason").asText());
    // another tenant's connection is not named
    TestClient.Response foreign = client.postJson("/v1/connections", body.formatted("acme's"), "X-Baton-Tenant",
        "acme");
    assertEquals("this Chat2Desk token is already active in a connection of another tenant; a token may be active"
        + " in one connection only", foreign.json().get("statusReason").asText());
    assertFalse(foreign.body().contains(token));
    // once the first lets go of the token, the second may take it
    patch("/v1/connections/" + first.get("connectionId").asText(), "{\"enabled\": false}");
    assertEquals("active", patch("/v1/connections/" + second.json().get("connectionId").asText(), "{}").json()
        .get("status").asText());
    // a different token is fine at any time
    assertEquals("active", client.postJson("/v1/connections", "{\"platform\": \"chat2desk\", \"name\": \"other\","
        + " \"secrets\": {\"token\": \"another-" + UUID.randomUUID() + "\"}}").json().get("status").asText());
  }

  @Test
  void invalidConnectionsAreRefusedNamingTheField() {
    TestClient.Response r = client.postJson("/v1/connections",
        "{\"platform\": \"zendesk\", \"name\": \"\", \"settings\": {\"a\": 1}, \"secrets\": [], \"enabled\": \"yes\"}");
    assertEquals(422, r.status(), r.body());
    List<String> fields = new java.util.ArrayList<>();
    r.json().get("errors").forEach(e -> fields.add(e.get("field").asText()));
    assertEquals(List.of("platform", "name", "enabled", "settings.a", "secrets"), fields);
  }

  @Test
  void aNewInstanceReadsConnectionsBackAtStart() {
    String id = client.postJson("/v1/connections", "{\"platform\": \"kustomer\", \"name\": \"K\","
        + " \"secrets\": {\"apiKey\": \"kustomer-key-123\"}}").json().get("connectionId").asText();
    IngressService second = new IngressService(TestKeys.config(), KafkaSettings.of(kafka.bootstrapServers()));
    second.start();
    try {
      TestClient other = new TestClient(second.port());
      JsonNode c = other.get("/v1/connections/" + id).json();
      assertEquals("K", c.get("name").asText());
      assertEquals("[\"apiKey\"]", c.get("secretNames").toString());
      assertEquals(202, other.postJson("/v1/conversations/restart-" + UUID.randomUUID() + "/handover",
          "{\"crmPlatform\": \"kustomer\", \"connectionId\": \"" + id + "\"}").status());
    } finally {
      second.stop();
    }
  }

  @Test
  void statusWaitsForTheConnectorWhenConfiguredSo() {
    IngressService pending = new IngressService(TestKeys.config().withSecurity(TestKeys.security()
        .withConnectionsStartActive(false)), KafkaSettings.of(kafka.bootstrapServers()));
    pending.start();
    try {
      JsonNode c = new TestClient(pending.port()).postJson("/v1/connections",
          "{\"platform\": \"gorgias\", \"name\": \"G\"}").json();
      assertEquals("pending", c.get("status").asText());
      assertEquals("waiting for the connector to check it", c.get("statusReason").asText());
    } finally {
      pending.stop();
    }
  }
}
