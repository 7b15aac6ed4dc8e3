package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class WebhookServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private final HmacSignature signature = HmacSignature.sha256Hex("s3cret", "X-Signature", "sha256=");
  private final List<String> handled = new CopyOnWriteArrayList<>();
  private final AtomicInteger failuresLeft = new AtomicInteger();
  private WebhookServer server;
  /** This test's name in the process's meters, so the counts are this test's alone. */
  private final String service = "webhooks-test-" + java.util.UUID.randomUUID();

  @BeforeEach
  void start() {
    server = new WebhookServer(service, 0);
    // A delivery holds one event per comma-separated id of X-Event-Id (platforms batch several).
    server.register(new WebhookEndpoint("acme-desk", signature, r -> r.header("X-Event-Id")
        .map(ids -> java.util.Arrays.stream(ids.split(",")).map(id -> new WebhookEvent(id, "conv", r.body())).toList())
        .orElse(List.of()), events -> {
          if (failuresLeft.getAndDecrement() > 0) {
            return CompletableFuture.failedFuture(new IllegalStateException("Kafka is down"));
          }
          events.forEach(e -> handled.add(e.eventId() + ":" + new String(e.payload(), StandardCharsets.UTF_8)));
          return CompletableFuture.completedFuture(null);
        }));
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<String> post(String path, String eventId, String body, String sig) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (eventId != null) {
      request.header("X-Event-Id", eventId);
    }
    if (sig != null) {
      request.header("X-Signature", sig);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }

  private String sign(String body) {
    return signature.sign(body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void itIsListeningFromItsStartUntilItIsClosed() {
    assertTrue(server.listening());
    server.close();
    assertFalse(server.listening());
  }

  @Test
  void aSignedEventIsHandledOnceHowOftenItComes() throws Exception {
    String body = "{\"message\":\"hi\"}";
    assertEquals(200, post("/webhooks/acme-desk/conv-1", "ev-1", body, sign(body)).statusCode());
    HttpResponse<String> again = post("/webhooks/acme-desk/conv-1", "ev-1", body, sign(body));
    assertEquals(200, again.statusCode());
    assertEquals("{\"status\":\"duplicate\"}", again.body());
    assertEquals(200, post("/webhooks/acme-desk", "ev-2", body, sign(body)).statusCode());
    assertEquals(List.of("ev-1:" + body, "ev-2:" + body), handled);
  }

  @Test
  void everyAnswerIsCountedByEndpointAndOutcomeAndEveryRefusalByWhy() throws Exception {
    io.baton.operations.Operations.process(); // the process's registry: without one, the global one counts nothing
    String body = "{\"message\":\"hi\"}";
    post("/webhooks/acme-desk", "ev-1", body, sign(body));
    post("/webhooks/acme-desk", "ev-1", body, sign(body));
    post("/webhooks/acme-desk", "ev-2", body, sign("{}"));
    failuresLeft.set(1);
    assertEquals(503, post("/webhooks/acme-desk", "ev-3", body, sign(body)).statusCode());
    post("/webhooks/nobody", "ev-4", body, sign(body));

    assertEquals(1, webhookCount("baton.webhook.deliveries", "acme-desk", "outcome", "accepted"));
    assertEquals(1, webhookCount("baton.webhook.deliveries", "acme-desk", "outcome", "duplicate"));
    assertEquals(2, webhookCount("baton.webhook.deliveries", "acme-desk", "outcome", "refused"));
    assertEquals(1, webhookCount("baton.webhook.refusals", "acme-desk", "reason", "bad-signature"));
    assertEquals(1, webhookCount("baton.webhook.refusals", "acme-desk", "reason", "not-recorded"));
    assertEquals(1, webhookCount("baton.webhook.refusals", "none", "reason", "not-found"), "never the made-up path");
  }

  private double webhookCount(String name, String endpoint, String key, String value) {
    var counter = io.baton.operations.Operations.meters().find(name)
        .tags("service", service, "endpoint", endpoint, key, value).counter();
    return counter == null ? 0 : counter.count();
  }

  @Test
  void aBatchIsHandledWithoutTheEventsSeenBefore() throws Exception {
    String body = "{\"batch\":1}";
    assertEquals(200, post("/webhooks/acme-desk", "ev-1", body, sign(body)).statusCode());
    assertEquals(200, post("/webhooks/acme-desk", "ev-1,ev-2,ev-3", body, sign(body)).statusCode());
    assertEquals(List.of("ev-1:" + body, "ev-2:" + body, "ev-3:" + body), handled);
    assertEquals(400, post("/webhooks/acme-desk", ",ev-4", body, sign(body)).statusCode(), "an event without id");
  }

  @Test
  void aBadOrMissingSignatureIs401AndHandlesNothing() throws Exception {
    String body = "{\"message\":\"hi\"}";
    HttpResponse<String> forged = post("/webhooks/acme-desk", "ev-1", body, sign("{\"message\":\"other\"}"));
    assertEquals(401, forged.statusCode());
    assertEquals("application/problem+json", forged.headers().firstValue("Content-Type").orElseThrow());
    assertEquals(401, post("/webhooks/acme-desk", "ev-1", body, null).statusCode());
    assertEquals(List.of(), handled);
  }

  @Test
  void noEventIdIs400UnknownEndpointIs404WrongMethodIs405TooLargeIs413GetIs200() throws Exception {
    String body = "{}";
    assertEquals(400, post("/webhooks/acme-desk", null, body, sign(body)).statusCode());
    assertEquals(404, post("/webhooks/other", "ev-1", body, sign(body)).statusCode());
    assertEquals(405, HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
        + "/webhooks/acme-desk")).PUT(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode());
    // A GET says the address reaches this server (a channel's activation checks it) and handles nothing.
    HttpResponse<String> probe = HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
        + "/webhooks/acme-desk/conn-1")).GET().build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, probe.statusCode());
    assertEquals("{\"status\":\"ready\",\"endpoint\":\"acme-desk\"}", probe.body());
    assertEquals(404, HTTP.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port()
        + "/webhooks/other/conn-1")).GET().build(), HttpResponse.BodyHandlers.ofString()).statusCode());
    String big = "x".repeat(WebhookServer.MAX_BODY_BYTES + 1);
    assertEquals(413, post("/webhooks/acme-desk", "ev-big", big, sign(big)).statusCode());
    assertEquals(List.of(), handled);
  }

  @Test
  void anEventThatCouldNotBeRecordedIs503AndItsRetryIsHandled() throws Exception {
    failuresLeft.set(1);
    String body = "{\"n\":1}";
    HttpResponse<String> refused = post("/webhooks/acme-desk", "ev-9", body, sign(body));
    assertEquals(503, refused.statusCode());
    assertEquals("10", refused.headers().firstValue("Retry-After").orElse(null));
    assertEquals(200, post("/webhooks/acme-desk", "ev-9", body, sign(body)).statusCode());
    assertEquals(List.of("ev-9:" + body), handled);
  }

  @Test
  void hmacMatchesAKnownVectorAndBase64Works() {
    // RFC 4231 test case 2: key "Jefe", data "what do ya want for nothing?"
    HmacSignature rfc = HmacSignature.sha256Hex("Jefe", "X-Sig", "");
    assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
        rfc.sign("what do ya want for nothing?".getBytes(StandardCharsets.UTF_8)));
    HmacSignature b64 = HmacSignature.sha256Base64("Jefe", "X-Sig");
    WebhookRequest request =
        new WebhookRequest("", Map.of("x-sig", List.of("W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")),
            "what do ya want for nothing?".getBytes(StandardCharsets.UTF_8));
    assertTrue(b64.verify(request));
    assertFalse(b64.verify(new WebhookRequest("", Map.of(), request.body())));
    assertEquals(Optional.empty(), request.header("X-Other"));
  }

  @Test
  void seenIdsExpireAndAreBounded() {
    AtomicLong clock = new AtomicLong();
    SeenEventIds seen = new SeenEventIds(2, Duration.ofSeconds(10), clock::get);
    seen.add("a");
    seen.add("b");
    seen.add("c");
    assertFalse(seen.contains("a"), "the oldest goes beyond the capacity");
    assertTrue(seen.contains("b") && seen.contains("c"));
    clock.addAndGet(Duration.ofSeconds(11).toNanos());
    assertFalse(seen.contains("c"), "platforms stop retrying; so does the memory");
  }
}
