package io.baton.sandbox.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.ApiCalls;
import io.baton.sandbox.kit.WebhookReceiver;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox whose Kustomer simulator retries webhooks after 20, 40 and 80 ms (answers within 1 s), a webhook
 * receiver, and a client of the API with the org's default key. Registered as a class's extension, it is shared by
 * the class's tests and closed after them.
 */
final class KustomerFixture implements AutoCloseable, AfterAllCallback {
  static final List<Duration> WAITS = List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));
  static final KustomerSettings FAST = KustomerSettings.defaults().withRetries(WAITS, Duration.ofSeconds(1));

  final HelpdeskSandbox sandbox;
  final KustomerSimulator k;
  final WebhookReceiver hooks;

  KustomerFixture() {
    try {
      sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0), null, null, FAST);
      k = sandbox.kustomer();
      hooks = new WebhookReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** An API call with the org's default key. */
  HttpResponse<String> call(String method, String path, String body) {
    return raw(method, path, body, "Bearer " + k.apiKey());
  }

  HttpResponse<String> raw(String method, String path, String body, String authorization) {
    return ApiCalls.send(method, sandbox.kustomerUrl() + path, body, authorization);
  }

  HttpResponse<String> sandboxCall(String method, String path, String body) {
    return ApiCalls.send(method, sandbox.baseUrl() + path, body, null);
  }

  /** An answer of this status: its {@code data}. */
  static JsonNode data(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    return read(response).path("data");
  }

  /** A JSON:API error answer: its one error, after checking status, code and pointer (null: none). */
  static JsonNode error(HttpResponse<String> response, int status, String code, String pointer) {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode errors = read(response).path("errors");
    assertEquals(1, errors.size(), response.body());
    JsonNode e = errors.get(0);
    assertEquals(status, e.path("status").asInt(), response.body());
    assertEquals(code, e.path("code").asText(), response.body());
    assertEquals(pointer, e.path("source").path("pointer").isMissingNode() ? null
        : e.path("source").path("pointer").asText(), response.body());
    return e;
  }

  static JsonNode read(HttpResponse<String> response) {
    return ApiCalls.read(response);
  }

  static String json(Object value) {
    return ApiCalls.json(value);
  }

  /** A new customer with a unique email: its id. */
  String customer(String name) {
    String email = name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.com";
    return data(call("POST", "/v1/customers", json(java.util.Map.of("name", name, "emails",
        List.of(java.util.Map.of("type", "home", "email", email)), "tags", List.of("vip")))), 201).path("id").asText();
  }

  /** A handoff with a two-line transcript (bot first, then the visitor): the conversation id. */
  String handoff(String customerId, String externalId) {
    Instant t = Instant.now().minusSeconds(60);
    String body = json(java.util.Map.of("customerId", customerId, "from", k.apiUserId(), "externalId", externalId,
        "messages", List.of(
            java.util.Map.of("direction", "out", "body", "Hi, I am the bot", "date", t.toString()),
            java.util.Map.of("direction", "in", "body", "I need a human", "date", t.plusSeconds(5).toString()))));
    return data(call("POST", "/v2.1/chat/handoff", body), 201).path("id").asText();
  }

  /** Registers the receiver for these events: the webhook's data (with its token). */
  JsonNode subscribe(String... events) {
    return data(call("POST", "/v1/outbound-webhooks", json(java.util.Map.of("name", "baton", "url", hooks.url(),
        "events", List.of(events), "headers", List.of(java.util.Map.of("name", "X-Baton-Connection",
            "value", "conn-1"))))),
        201);
  }

  @Override
  public void afterAll(ExtensionContext context) {
    close();
  }

  @Override
  public void close() {
    hooks.close();
    sandbox.close();
  }
}
