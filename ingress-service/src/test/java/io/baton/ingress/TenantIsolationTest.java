package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.AgentJoined;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.Controller;
import io.baton.events.Platform;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.ingress.auth.WidgetTokens;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationKey;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Keys, widget tokens and the admin key: who may read and write what, and that tenant A never reaches tenant B. */
@ExtendWith(KafkaBrokerExtension.class)
class TenantIsolationTest {
  static final String A = "tenant-a";
  static final String B = "tenant-b";
  static KafkaBroker kafka;
  static IngressService ingress;
  static TestClient anonymous;
  static KafkaProducer<String, ConversationEvent> producer;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    ingress = INGRESS.service();
    anonymous = TestClient.anonymous(ingress.port());
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
  }

  static String[] as(String tenant, String... more) {
    String[] h = new String[more.length + 2];
    h[0] = "Authorization";
    h[1] = "Bearer " + TestKeys.bot(tenant);
    System.arraycopy(more, 0, h, 2, more.length);
    return h;
  }

  static String[] bearer(String credential) {
    return new String[] {"Authorization", "Bearer " + credential};
  }

  static void produce(ConversationEvent e) throws Exception {
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), e.getTenant() + "/" + e.getConversationId(),
        e)).get();
  }

  static ConversationEvent event(String tenant, String id, long seq, ConversationStatus status, Object body) {
    return ConversationEvent.newBuilder().setEventId(tenant + "-e" + seq).setOccurredAt(Instant.parse(
        "2025-05-01T10:00:00Z").plusSeconds(seq)).setTenant(tenant).setConversationId(id).setSequence(seq)
        .setCausationId("c" + seq).setController(status == ConversationStatus.agent_connected ? Controller.agent
            : Controller.bot)
        .setStatus(status).setHandoverId("h1").setPlatform(Platform.salesforce).setBody(body)
        .build();
  }

  static void assertProblem(TestClient.Response r, int status, String slug) {
    assertEquals(status, r.status(), r.body());
    assertTrue(r.contentType().startsWith("application/problem+json"), r.contentType());
    assertEquals("https://baton.dev/problems/" + slug, r.json().get("type").asText(), r.body());
  }

  @Test
  void withoutAKnownCredentialNothingIsServed() {
    String path = "/v1/conversations/anon-" + UUID.randomUUID();
    for (TestClient.Response r : List.of(
        anonymous.postJson(path + "/messages", "{\"text\": \"hi\"}"),
        anonymous.get(path + "/events"),
        anonymous.get(path),
        anonymous.get("/v1/connections"),
        anonymous.postJson(path + "/messages", "{\"text\": \"hi\"}", bearer("not-a-key-at-all")),
        anonymous.postJson(path + "/messages", "{\"text\": \"hi\"}", "Authorization", "Basic dXNlcjpwYXNz"),
        anonymous.postJson(path + "/messages?access_token=" + TestKeys.bot(A), "{\"text\": \"hi\"}"),
        anonymous.get(path + "/events", bearer("wt1.forged.token")))) {
      assertProblem(r, 401, "unauthorized");
      assertEquals("Bearer realm=\"baton\"", r.headers().firstValue("WWW-Authenticate").orElse(null));
      assertFalse(r.body().contains(TestKeys.bot(A)), "a key is never echoed: " + r.body());
    }
  }

  @Test
  void aKeyWritesOnlyItsOwnTenantsConversations() {
    String id = "iso-" + UUID.randomUUID();
    TestClient.Response r = anonymous.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"from A\"}",
        as(A));
    assertEquals(202, r.status(), r.body());
    VisitorEvent written = TopicReader.singleInput(kafka, VisitorEvent.class, A + "/" + id);
    assertEquals(A, written.getTenant());
    assertEquals("from A", ((VisitorMessage) written.getBody()).getText());

    // naming another tenant is refused, not honoured
    assertProblem(anonymous.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"as B?\"}",
        as(A, "X-Baton-Tenant", B)), 403, "wrong-tenant");
    assertProblem(anonymous.get("/v1/conversations/" + id + "/events", as(A, "X-Baton-Tenant", B)), 403,
        "wrong-tenant");
    assertEquals(List.of(), kafka.readAll(Topics.CONVERSATION_INPUTS.name(), Topics.CONVERSATION_INPUTS
        .keySerde().deserializer(), Topics.CONVERSATION_INPUTS.valueSerde().deserializer()).stream()
        .filter(x -> x.key().equals(B + "/" + id)).toList());
  }

  @Test
  void aKeyReadsOnlyItsOwnTenantsConversations() throws Exception {
    String id = "iso-read-" + UUID.randomUUID();
    produce(event(B, id, 1, ConversationStatus.queued, new ChatQueued(3, 90)));
    Eventually.until(Duration.ofSeconds(10), "B's event is in the log",
        () -> anonymous.get("/v1/conversations/" + id, as(B)).status() == 200);
    JsonNode state = anonymous.get("/v1/conversations/" + id, as(B)).json();
    assertEquals(3, state.get("queue").get("position").asInt());
    assertEquals(404, anonymous.get("/v1/conversations/" + id, as(A)).status());

    try (SseReader a = SseReader.open(anonymous, "/v1/conversations/" + id + "/events", as(A));
         SseReader b = SseReader.open(anonymous, "/v1/conversations/" + id + "/events", as(B))) {
      assertEquals(200, a.response.statusCode());
      assertTrue(b.nextEvents(1).get(0).contains("\"eventId\":\"" + B + "-e1\""));
      produce(event(B, id, 2, ConversationStatus.agent_connected, new AgentJoined("Alex", "005")));
      produce(event(A, id, 1, ConversationStatus.agent_connected, new AgentJoined("Ann", "006")));
      assertTrue(b.nextEvents(1).get(0).contains("\"eventId\":\"" + B + "-e2\""));
      // A's stream sees its own conversation's first event, and nothing of B's before or after it
      String first = a.nextEvents(1).get(0);
      assertTrue(first.contains("\"eventId\":\"" + A + "-e1\""), first);
      assertFalse(first.contains("Alex"), first);
    }
  }

  @Test
  void aWidgetTokenOpensExactlyOneConversationForVisitorTraffic() {
    String id = "widget-" + UUID.randomUUID();
    TestClient.Response minted = anonymous.postJson("/v1/conversations/" + id + "/widget-token", "{}", as(A));
    assertEquals(201, minted.status(), minted.body());
    assertEquals("no-store", minted.headers().firstValue("Cache-Control").orElse(null));
    String token = minted.json().get("token").asText();
    Instant expires = Instant.parse(minted.json().get("expiresAt").asText());
    assertTrue(expires.isAfter(Instant.now().plus(Duration.ofMinutes(59))), minted.body());

    assertEquals(202, anonymous.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"hi\"}",
        bearer(token)).status());
    assertEquals(A, TopicReader.singleInput(kafka, VisitorEvent.class, A + "/" + id).getTenant());
    assertEquals(202, anonymous.postJson("/v1/conversations/" + id + "/typing", "{\"typing\": true}",
        bearer(token)).status());
    try (SseReader stream = SseReader.open(anonymous, "/v1/conversations/" + id + "/events?access_token=" + token)) {
      assertEquals(200, stream.response.statusCode());
    }

    String other = "widget-other-" + UUID.randomUUID();
    assertProblem(anonymous.postJson("/v1/conversations/" + other + "/messages", "{\"text\": \"hi\"}",
        bearer(token)), 403, "forbidden");
    assertProblem(anonymous.get("/v1/conversations/" + other + "/events?access_token=" + token), 403, "forbidden");
    assertProblem(anonymous.postJson("/v1/conversations/" + id + "/handover", Seeds.withoutConnection(Seeds.ORACLE),
        bearer(token)), 403, "forbidden");
    assertProblem(anonymous.postJson("/v1/conversations/" + id + "/bot-messages", "{\"text\": \"x\"}",
        bearer(token)), 403, "forbidden");
    assertProblem(anonymous.postJson("/v1/conversations/" + id + "/widget-token", "{}", bearer(token)), 403,
        "forbidden");
    assertProblem(anonymous.get("/v1/connections", bearer(token)), 403, "forbidden");
    assertProblem(anonymous.get("/v1/conversations/" + id + "/events", "Authorization", "Bearer " + token,
        "X-Baton-Tenant", B), 403, "wrong-tenant");
  }

  @Test
  void forgedTamperedAndExpiredTokensAreRefused() {
    String id = "forged-" + UUID.randomUUID();
    WidgetTokens ours = new WidgetTokens(TestKeys.TOKEN_SECRET);
    WidgetTokens foreign = new WidgetTokens("some-other-secret-entirely".getBytes());
    String expired = ours.mint(new ConversationKey(A, id), Instant.now().minusSeconds(1));
    String forged = foreign.mint(new ConversationKey(A, id), Instant.now().plusSeconds(600));
    String valid = ours.mint(new ConversationKey(A, id), Instant.now().plusSeconds(600));
    String[] parts = valid.split("\\.");
    // the payload of a token for tenant B, with A's signature
    String swapped = parts[0] + "." + ours.mint(new ConversationKey(B, id), Instant.now().plusSeconds(600))
        .split("\\.")[1] + "." + parts[2];
    for (String bad : List.of(expired, forged, swapped, valid + "x", "wt1." + parts[1], "wt1..")) {
      assertProblem(anonymous.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"hi\"}", bearer(bad)),
          401, "unauthorized");
    }
    assertEquals(202, anonymous.postJson("/v1/conversations/" + id + "/messages", "{\"text\": \"hi\"}",
        bearer(valid)).status());
  }

  @Test
  void aKeyNeverSeesAnotherTenantsConnections() {
    TestClient.Response created = anonymous.postJson("/v1/connections",
        "{\"platform\": \"dixa\", \"name\": \"B's Dixa\", \"secrets\": {\"apiToken\": \"b-secret-token\"}}", as(B));
    assertEquals(201, created.status(), created.body());
    String id = created.json().get("connectionId").asText();
    String path = "/v1/connections/" + id;

    assertEquals(404, anonymous.get(path, as(A)).status());
    assertEquals(404, anonymous.send("PATCH", path, java.net.http.HttpRequest.BodyPublishers.ofString(
        "{\"name\": \"stolen\"}"), as(A, "Content-Type", "application/json")).status());
    assertEquals(404, anonymous.send("DELETE", path, java.net.http.HttpRequest.BodyPublishers.noBody(), as(A))
        .status());
    for (JsonNode c : anonymous.get("/v1/connections", as(A)).json().get("connections")) {
      assertFalse(c.get("connectionId").asText().equals(id), "A lists B's connection");
    }
    // a handover of A naming B's connection: as if it did not exist
    TestClient.Response handover = anonymous.postJson("/v1/conversations/iso-h-" + UUID.randomUUID() + "/handover",
        "{\"crmPlatform\": \"dixa\", \"widgetId\": \"w\", \"connectionId\": \"" + id + "\"}", as(A));
    assertProblem(handover, 422, "validation-failed");
    assertEquals("connectionId", handover.json().get("errors").get(0).get("field").asText());

    // B still has it unchanged; the admin key reaches it by naming the tenant
    JsonNode mine = anonymous.get(path, as(B)).json();
    assertEquals("B's Dixa", mine.get("name").asText());
    assertEquals(200, anonymous.get(path, "Authorization", "Bearer " + TestKeys.ADMIN, "X-Baton-Tenant", B).status());
    assertEquals(404, anonymous.get(path, "Authorization", "Bearer " + TestKeys.ADMIN, "X-Baton-Tenant", A).status());
    assertProblem(anonymous.get(path, "Authorization", "Bearer " + TestKeys.ADMIN), 400, "invalid-tenant");
  }
}
