package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every documented operation, sent valid and invalid requests against a running ingress: the document must call a
 * request valid exactly when the server takes it, and every answer (status, content type, body) must be one the
 * document describes ({@link TestClient} checks each against it). Also the gaps a schema-driven fuzzer found.
 */
@ExtendWith(KafkaBrokerExtension.class)
class OpenApiContractTest {
  static final String RUN = "contract-" + UUID.randomUUID().toString().substring(0, 8);
  static IngressService ingress;
  static TestClient bot;
  static TestClient anonymous;
  static int n;

  @BeforeAll
  static void start(KafkaBroker broker) {
    ingress = new IngressService(TestKeys.config().withSecurity(TestKeys.security().withDevTenant("demo")),
        KafkaSettings.of(broker.bootstrapServers()));
    ingress.start();
    bot = new TestClient(ingress.port());
    anonymous = TestClient.anonymous(ingress.port());
  }

  @AfterAll
  static void stop() {
    ingress.stop();
  }

  static String conversation() {
    return "/v1/conversations/" + RUN + "-" + (++n);
  }

  /** Sends the request after asking the document whether it is valid; the answer is checked by the client. */
  static TestClient.Response call(TestClient client, boolean valid, String method, String path, String body,
      String... headers) {
    String[] given = body == null ? headers : prepend(headers, "Content-Type", "application/json");
    Map<String, List<String>> sent = new LinkedHashMap<>();
    String[] all = client.withAuth(given);
    for (int i = 0; i < all.length; i += 2) {
      sent.put(all[i], List.of(all[i + 1]));
    }
    List<String> violations = ApiContract.requestViolations(method, path, sent, body);
    assertEquals(valid, violations.isEmpty(), method + " " + path + " " + body + ": the document says " + violations);
    return client.send(method, path, body == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(body), given);
  }

  static String[] prepend(String[] headers, String... more) {
    String[] all = new String[headers.length + more.length];
    System.arraycopy(more, 0, all, 0, more.length);
    System.arraycopy(headers, 0, all, more.length, headers.length);
    return all;
  }

  static void accepted(int status, String method, String path, String body, String... headers) {
    TestClient.Response r = call(bot, true, method, path, body, headers);
    assertEquals(status, r.status(), method + " " + path + " " + body + " -> " + r.body());
  }

  /** Valid by the document, refused by the state of things (unknown id, a credential's scope). */
  static void refusedByState(TestClient client, int status, String method, String path, String body,
      String... headers) {
    TestClient.Response r = call(client, true, method, path, body, headers);
    assertEquals(status, r.status(), method + " " + path + " " + body + " -> " + r.body());
    assertEquals("application/problem+json", r.contentType());
  }

  static void refused(TestClient client, int status, String method, String path, String body, String... headers) {
    TestClient.Response r = call(client, false, method, path, body, headers);
    assertEquals(status, r.status(), method + " " + path + " " + body + " -> " + r.body());
    assertEquals("application/problem+json", r.contentType());
  }

  @Test
  void theValidatorRefusesAnswersTheDocumentDoesNotDescribe() {
    HttpHeaders html = HttpHeaders.of(Map.of("Content-Type", List.of("text/html")), (a, b) -> true);
    HttpHeaders json = HttpHeaders.of(Map.of("Content-Type", List.of("application/json")), (a, b) -> true);
    HttpHeaders problem = HttpHeaders.of(Map.of("Content-Type", List.of("application/problem+json")), (a, b) -> true);
    String path = "/v1/conversations/c-1/messages";
    assertFalse(ApiContract.responseViolations("POST", path, 400, html, "<h1>Bad Message</h1>").isEmpty());
    assertFalse(ApiContract.responseViolations("POST", path, 405, problem,
        "{\"type\":\"about:blank\",\"title\":\"x\",\"status\":405,\"detail\":\"x\"}").isEmpty());
    assertFalse(ApiContract.responseViolations("POST", path, 202, json, "{\"eventId\":\"e\"}").isEmpty());
    assertFalse(ApiContract.responseViolations("POST", path, 202, json,
        "{\"eventId\":\"e\",\"conversationId\":\"c-1\",\"undocumented\":1}").isEmpty(), "members must be documented");
    assertEquals(List.of(), ApiContract.responseViolations("POST", path, 202, json,
        "{\"eventId\":\"e\",\"conversationId\":\"c-1\"}"));
  }

  @Test
  void visitorRoutes() {
    String c = conversation();
    accepted(202, "POST", c + "/messages", "{\"text\":\"hello\",\"context\":{\"name\":\"Ada\",\"email\":null}}");
    accepted(202, "POST", c + "/messages", "{\"text\":\" \",\"attachments\":[{\"url\":\"https://files.example.com/a"
        + ".png\",\"name\":\"a.png\",\"contentType\":\"image/png\",\"sizeBytes\":10}]}");
    accepted(202, "POST", c + "/messages", "{\"text\":\"" + "x".repeat(4000) + "\"}");
    refused(bot, 422, "POST", c + "/messages", "{\"text\":\"   \"}");
    refused(bot, 422, "POST", c + "/messages", "{\"text\":\"" + "x".repeat(3999) + "  \"}");
    refused(bot, 422, "POST", c + "/messages", "{\"attachments\":[]}");
    refused(bot, 422, "POST", c + "/messages", "{\"attachments\":[{\"url\":\"ftp://x.example/a\",\"name\":\"a\","
        + "\"contentType\":\"image/png\",\"sizeBytes\":1}]}");
    refused(bot, 415, "POST", c + "/messages", null, "Content-Type", "text/plain");
    refusedByState(anonymous, 401, "POST", c + "/messages", "{\"text\":\"hi\"}");
    accepted(202, "POST", c + "/typing", "{\"typing\":true}");
    refused(bot, 422, "POST", c + "/typing", "{\"typing\":\"yes\"}");
    accepted(202, "POST", c + "/read", "{\"upToSequence\":1}");
    refused(bot, 422, "POST", c + "/read", "{\"upToSequence\":0}");
    accepted(202, "POST", c + "/left", "{\"reason\":\"" + "r".repeat(500) + "\"}");
    refused(bot, 422, "POST", c + "/left", "{\"reason\":\"" + "r".repeat(501) + "\"}");
    refusedByState(bot, 404, "GET", conversation(), null);
    refused(bot, 400, "GET", c + "/events", null, "Last-Event-ID", "-1");
  }

  @Test
  void botRoutes() {
    String c = conversation();
    accepted(202, "POST", c + "/bot-messages", "{\"text\":\"Pick one\",\"quickReplies\":[{\"title\":\"Yes\"},"
        + "{\"title\":\"No\",\"payload\":null}]}");
    refused(bot, 422, "POST", c + "/bot-messages", "{\"text\":\"Pick\",\"quickReplies\":[{\"title\":\"t\","
        + "\"payload\":\"" + "p".repeat(1001) + "\"}]}");
    refused(bot, 422, "POST", c + "/bot-messages", "{\"quickReplies\":[]}");
    accepted(202, "POST", c + "/handover", "{\"crmPlatform\":\"kustomer\",\"name\":\"Ada\",\"tags\":[\"vip\"],"
        + "\"transcript\":[{\"role\":\"bot\",\"text\":\"\",\"at\":\"2025-05-01T10:15:30Z\"}]}");
    accepted(202, "POST", conversation() + "/handover", "{\"crmPlatform\":\"dixa\",\"widgetId\":\"w-1\"}");
    refused(bot, 422, "POST", c + "/handover", "{\"crmPlatform\":\"dixa\"}");
    refused(bot, 422, "POST", c + "/handover", "{\"crmPlatform\":\"nope\"}");
    refused(bot, 422, "POST", c + "/handover", "{\"crmPlatform\":\"kustomer\",\"connectionId\":\" \"}");
    refusedByState(bot, 422, "POST", c + "/handover", "{\"crmPlatform\":\"kustomer\",\"connectionId\":\"none\"}");
    TestClient.Response token = call(bot, true, "POST", c + "/widget-token", null);
    assertEquals(201, token.status());
    TestClient widget = new TestClient(ingress.port());
    String bearer = "Bearer " + token.json().get("token").asText();
    refusedByState(widget, 403, "POST", c + "/bot-messages", "{\"text\":\"hi\"}", "Authorization", bearer);
    refused(bot, 400, "POST", c + "/widget-token", null, "Idempotency-Key", "k".repeat(256));
    TestClient.Response dev = call(anonymous, true, "POST", "/dev/widget-tokens/" + RUN, null);
    assertEquals(201, dev.status());
    refused(anonymous, 400, "POST", "/dev/widget-tokens/..%2E", null);
  }

  @Test
  void connectionsAndWebhook() {
    // a tenant of the test's own (connections and the webhook are per tenant), acted for with the admin key
    String[] tenant = {"Authorization", "Bearer " + TestKeys.ADMIN, "X-Baton-Tenant", RUN};
    String id = RUN + "-conn";
    TestClient.Response created = call(bot, true, "POST", "/v1/connections", "{\"connectionId\":\"" + id
        + "\",\"platform\":\"kustomer\",\"name\":\"Kustomer EU\",\"settings\":{\"region\":\"eu\"},"
        + "\"secrets\":{\"apiKey\":\"k\"}}", tenant);
    assertEquals(201, created.status(), created.body());
    refused(bot, 422, "POST", "/v1/connections", "{\"platform\":\"nope\",\"name\":\"x\"}", tenant);
    refused(bot, 422, "POST", "/v1/connections", "{\"platform\":\"dixa\",\"name\":\" \"}", tenant);
    refused(bot, 422, "POST", "/v1/connections", "{\"platform\":\"dixa\",\"name\":\"x\",\"connectionId\":\"..\"}",
        tenant);
    accepted(200, "GET", "/v1/connections", null, tenant);
    accepted(200, "GET", "/v1/connections/" + id, null, tenant);
    accepted(200, "PATCH", "/v1/connections/" + id, "{\"name\":\"renamed\",\"enabled\":null}", tenant);
    refused(bot, 422, "PATCH", "/v1/connections/" + id, "{\"enabled\":\"no\"}", tenant);
    refusedByState(bot, 422, "PATCH", "/v1/connections/" + id, "{\"platform\":\"dixa\"}", tenant);
    refusedByState(bot, 404, "GET", "/v1/connections/" + RUN + "-none", null, tenant);
    accepted(204, "DELETE", "/v1/connections/" + id, null, tenant);
    refusedByState(bot, 404, "DELETE", "/v1/connections/" + id, null, tenant);

    refusedByState(bot, 404, "GET", "/v1/webhook", null, tenant);
    accepted(200, "PUT", "/v1/webhook", "{\"url\":\"https://bot.example.com/hook\"}", tenant);
    accepted(200, "GET", "/v1/webhook", null, tenant);
    refused(bot, 422, "PUT", "/v1/webhook", "{\"url\":\"ftp://bot.example.com\"}", tenant);
    accepted(204, "DELETE", "/v1/webhook", null, tenant);
    refusedByState(bot, 404, "DELETE", "/v1/webhook", null, tenant);
  }

  @Test
  void segmentRoutes() {
    accepted(200, "POST", "/v1/segment/identify", "{\"userId\":\"" + RUN + "\",\"traits\":{\"plan\":\"pro\"}}");
    accepted(200, "POST", "/v1/segment/identify", "{\"userId\":\" \",\"anonymousId\":\"a-" + RUN + "\"}");
    refused(bot, 422, "POST", "/v1/segment/identify", "{\"traits\":{}}");
    refused(bot, 422, "POST", "/v1/segment/identify", "{\"userId\":\"u\",\"anonymousId\":\"" + "a".repeat(257)
        + "\"}");
    accepted(200, "POST", "/v1/segment/group", "{\"userId\":\"" + RUN + "\",\"groupId\":\"g-1\"}");
    refused(bot, 422, "POST", "/v1/segment/group", "{\"userId\":\"" + RUN + "\"}");
    accepted(200, "POST", "/v1/segment/track", "{\"userId\":\"" + RUN + "\",\"event\":\"Clicked\"}");
    refused(bot, 422, "POST", "/v1/segment/track", "{\"userId\":\"" + RUN + "\",\"event\":\"\"}");
  }

  @Test
  void publicRoutes() {
    assertEquals(302, call(anonymous, true, "GET", "/", null).status());
    assertEquals(200, call(anonymous, true, "GET", "/health", null).status());
    assertEquals(200, call(anonymous, true, "GET", "/v1/openapi.json", null).status());
  }

  /** The gaps of issue 18: each answer is a problem the operation documents. */
  @Test
  void pathsTheFuzzerFoundAreRefusedAsDocumented() {
    String c = conversation();
    refused(bot, 400, "POST", "/v1/conversations/a%00b/messages", "{\"text\":\"hi\"}");
    refused(bot, 400, "GET", "/v1/conversations/%2E%2E", null);
    refused(bot, 400, "GET", "/v1/conversations/%2E/events", null);
    refused(bot, 400, "POST", "/v1/conversations/a%2Fb/typing", "{\"typing\":true}");
    refusedByState(bot, 426, "GET", c + "/ws", null);
    refused(bot, 400, "GET", "/v1/conversations/..%2E/ws", null);
    refused(bot, 400, "POST", "/v1/conversations//messages", "{\"text\":\"hi\"}"); // IngressHttpFuzzTest's
    TestClient.Response empty = bot.send("PATCH", "/v1/connections/", HttpRequest.BodyPublishers.ofString("{}"),
        "Content-Type", "application/json");
    assertEquals(404, empty.status(), empty.body());
    assertEquals("application/problem+json", empty.contentType());
    refused(bot, 404, "DELETE", "/v1/connections/%2E%2E", null);
  }

  /** The SSE stream's 200 is an endless body: only its status and media type are checked. */
  @Test
  void theEventStreamOpens() throws Exception {
    String path = conversation() + "/events";
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    HttpResponse<InputStream> r = http.send(HttpRequest.newBuilder(URI.create(bot.base + path))
        .header("Authorization", "Bearer " + TestKeys.bot("demo")).build(), HttpResponse.BodyHandlers.ofInputStream());
    try (InputStream ignored = r.body()) {
      assertEquals(200, r.statusCode());
      assertTrue(r.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
      assertEquals(List.of(), ApiContract.responseViolations("GET", path, 200, r.headers(), null));
    }
  }
}
