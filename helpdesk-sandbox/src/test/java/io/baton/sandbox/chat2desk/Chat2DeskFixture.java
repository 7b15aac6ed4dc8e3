package io.baton.sandbox.chat2desk;

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
import java.util.List;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A sandbox whose Chat2Desk simulator retries webhooks after 20, 40 and 80 ms (disabled after 1 s without success),
 * no rate limit unless a test turns it on, a webhook receiver, and a client of the API with the company's token.
 * Registered as a class's extension ({@link #subscribedTo}), it is shared by the class's tests and closed after them.
 */
final class Chat2DeskFixture implements AutoCloseable, AfterAllCallback {
  static final String[] ALL_HOOKS = {"inbox", "outbox", "close_dialog", "dialog_transferred"};
  static final Chat2DeskSettings FAST = Chat2DeskSettings.defaults().withRetries(
      List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80)), Duration.ofSeconds(1),
      Duration.ofSeconds(2));

  final HelpdeskSandbox sandbox;
  final Chat2DeskSimulator c2d;
  final WebhookReceiver hooks;
  /** The receiver's webhook, when {@link #subscribedTo} made it. */
  long webhook;

  Chat2DeskFixture(Chat2DeskSettings settings) throws IOException {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0), null, settings);
    c2d = sandbox.chat2desk();
    c2d.rateLimit(false);
    hooks = new WebhookReceiver();
  }

  static Chat2DeskFixture start() throws IOException {
    return new Chat2DeskFixture(FAST);
  }

  /** For {@code @RegisterExtension}: a started fixture whose receiver is subscribed to these events. */
  static Chat2DeskFixture subscribedTo(String... events) {
    try {
      Chat2DeskFixture f = start();
      f.webhook = f.subscribe(events);
      return f;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers the receiver for these events (all channels); the webhook's id. */
  long subscribe(String... events) {
    JsonNode w = ok(call("POST", "/webhooks", "{\"name\":\"baton\",\"url\":\"" + hooks.url() + "\",\"events\":"
        + json(List.of(events)) + "}"));
    return w.path("id").asLong();
  }

  /** The next webhook POST about this client (others' are skipped: earlier tests' stragglers). */
  WebhookReceiver.Post hookOf(long clientId) throws InterruptedException {
    return hooks.next(body -> body.path("client_id").asLong() == clientId);
  }

  /** An API call with the company's token. */
  HttpResponse<String> call(String method, String path, String body) {
    return raw(method, path, body, Chat2DeskCompany.TOKEN);
  }

  HttpResponse<String> raw(String method, String path, String body, String token) {
    return ApiCalls.send(method, sandbox.chat2deskUrl() + path, body, token);
  }

  /** A sandbox route (problem+json errors). */
  HttpResponse<String> sandboxCall(String method, String path, String body) {
    return ApiCalls.send(method, sandbox.baseUrl() + path, body, null);
  }

  /** A success answer's {@code data}. */
  static JsonNode ok(HttpResponse<String> response) {
    JsonNode body = read(response);
    assertEquals(200, response.statusCode(), response.body());
    assertEquals("success", body.path("status").asText(), response.body());
    return body.path("data");
  }

  /** An error answer: its status and message. */
  static void error(HttpResponse<String> response, int status, String message) {
    JsonNode body = read(response);
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("error", body.path("status").asText(), response.body());
    assertEquals(message, body.path("message").asText(), response.body());
  }

  static JsonNode read(HttpResponse<String> response) {
    return ApiCalls.read(response);
  }

  static String json(Object value) {
    return ApiCalls.json(value);
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
