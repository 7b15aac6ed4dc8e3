package io.baton.sandbox.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.ApiCalls;
import io.baton.sandbox.kit.WebhookReceiver;
import io.baton.sandbox.kit.WebhookSender;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox whose Gorgias simulator retries integration requests after 20, 40 ms (3 tries, answers within 1 s) and
 * has its rate limit off (a test about it makes its own bucket), a receiver for the integrations, and a client of the
 * API as the default API user. Registered as a class's extension, it is shared by the class's tests.
 */
final class GorgiasFixture implements AutoCloseable, AfterAllCallback {
  final HelpdeskSandbox sandbox;
  final GorgiasSimulator g;
  final WebhookReceiver hooks;

  GorgiasFixture() {
    try {
      sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
      g = sandbox.gorgias();
      g.rateLimit(false);
      g.retrySchedule(WebhookSender.RetrySchedule.doubling(3, Duration.ofMillis(20)), Duration.ofSeconds(1));
      hooks = new WebhookReceiver();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String basic(String email, String key) {
    return "Basic " + Base64.getEncoder().encodeToString((email + ":" + key).getBytes(StandardCharsets.UTF_8));
  }

  /** An API call as the default API user. */
  HttpResponse<String> call(String method, String path, Object body) {
    return raw(method, path, body == null ? null : json(body), basic(g.apiEmail(), g.apiKey()));
  }

  HttpResponse<String> raw(String method, String path, String body, String authorization) {
    return ApiCalls.send(method, sandbox.gorgiasUrl() + path, body, authorization);
  }

  HttpResponse<String> sandboxCall(String method, String path, Object body) {
    return ApiCalls.send(method, sandbox.baseUrl() + path, body == null ? null : json(body), null);
  }

  /** An answer of this status: its body. */
  static JsonNode ok(HttpResponse<String> response, int status) {
    assertEquals(status, response.statusCode(), response.body());
    return read(response);
  }

  /** An error answer: checks status, msg and the field it names (null: none); the field's first message. */
  static String error(HttpResponse<String> response, int status, String field) {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = read(response).path("error");
    assertEquals(true, error.path("msg").isTextual(), response.body());
    if (field == null) {
      assertEquals(true, error.path("data").isMissingNode(), response.body());
      return error.path("msg").asText();
    }
    assertEquals(List.of(field), fieldNames(error.path("data")), response.body());
    return error.path("data").path(field).get(0).asText();
  }

  private static List<String> fieldNames(JsonNode data) {
    List<String> names = new java.util.ArrayList<>();
    data.fieldNames().forEachRemaining(names::add);
    return names;
  }

  static JsonNode read(HttpResponse<String> response) {
    try {
      return WebhookReceiver.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  static String json(Object value) {
    try {
      return value instanceof String s ? s : WebhookReceiver.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String uniqueEmail(String name) {
    return name.toLowerCase().replace(' ', '.') + "-" + UUID.randomUUID() + "@example.com";
  }

  /** A customer message of the bot's transcript, already sent. */
  static Map<String, Object> imported(String email, String text) {
    return Map.of("channel", "chat", "via", "api", "from_agent", false, "sender", Map.of("email", email),
        "body_text", text, "sent_datetime", "2026-11-29T10:00:00Z");
  }

  /** A chat ticket for a new customer with a two-line imported transcript: the ticket JSON. */
  JsonNode chatTicket(String name, String externalId) {
    String email = uniqueEmail(name);
    return ok(call("POST", "/tickets", Map.of("channel", "chat", "via", "api", "from_agent", false,
        "customer", Map.of("email", email), "subject", "Chat with " + name, "external_id", externalId,
        "messages", List.of(imported(email, "Hello bot"), imported(email, "I want a human")))), 201);
  }

  /** Waits for an observable condition: checks every 10 ms up to 5 s. */
  static void await(String what, java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out after 5 s waiting for: " + what);
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
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
