package io.baton.sandbox.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.ApiCalls;
import io.baton.sandbox.kit.WebhookReceiver;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * One sandbox for every Freshchat test class (kept in JUnit's root store, closed after the run): its Freshchat
 * simulator retries webhooks after 20, 40 and 80 ms, has no rate limit unless a test sets one, and sends its
 * webhooks to a {@link WebhookReceiver}; a client of the API with the account's token.
 */
final class FreshchatFixture implements ExtensionContext.Store.CloseableResource {
  static final List<Duration> FAST = List.of(Duration.ofMillis(20), Duration.ofMillis(40), Duration.ofMillis(80));

  final HelpdeskSandbox sandbox;
  final FreshchatSimulator fc;
  final WebhookReceiver hooks;

  /** An answer: its status, body (null when not JSON) and headers. */
  record Answer(int status, JsonNode body, HttpResponse<String> raw) {
    String header(String name) {
      return raw.headers().firstValue(name).orElse(null);
    }
  }

  private FreshchatFixture() throws IOException {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    fc = sandbox.freshchat();
    fc.rateLimit(false);
    fc.retryWaits(FAST);
    hooks = new WebhookReceiver();
    fc.webhookUrl(hooks.url());
  }

  /** Gives test classes the shared fixture as a {@code @BeforeAll} parameter. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == FreshchatFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
          FreshchatFixture.class, k -> {
            try {
              return new FreshchatFixture();
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
          }, FreshchatFixture.class);
    }
  }

  Answer call(String method, String path, Object body) {
    return call(method, path, body, "Bearer " + fc.token());
  }

  Answer call(String method, String path, Object body, String authorization) {
    return send(sandbox.freshchatUrl() + path, method, body, authorization);
  }

  /** A sandbox route (no token). */
  Answer sandboxCall(String method, String path, Object body) {
    return send(sandbox.baseUrl() + path, method, body, null);
  }

  private static Answer send(String url, String method, Object body, String authorization) {
    HttpResponse<String> answer = ApiCalls.send(method, url, body == null || body instanceof String ? (String) body
        : ApiCalls.json(body), authorization);
    JsonNode json;
    try {
      json = answer.body().isEmpty() ? null : WebhookReceiver.JSON.readTree(answer.body());
    } catch (IOException notJson) {
      json = null;
    }
    return new Answer(answer.statusCode(), json, answer);
  }

  /** A new user (created through the API): its id. */
  String user(String referenceId, String email, String firstName) {
    Map<String, Object> body = new java.util.HashMap<>(Map.of("reference_id", referenceId, "first_name", firstName));
    if (email != null) {
      body.put("email", email);
    }
    Answer a = call("POST", "/users", body);
    if (a.status() != 201) {
      throw new AssertionError("user not created: " + a.body());
    }
    return a.body().get("id").asText();
  }

  /** A conversation of that user on the Support channel, with a bot transcript: its id. */
  String conversation(String userId) {
    Answer a = call("POST", "/conversations", Map.of("channel_id", fc.channelId(), "users", List.of(Map.of("id",
        userId)), "messages", List.of(text("user", userId, "I need a human"),
            text("agent",
                fc.agentId("Sam").orElseThrow(), "Connecting you")),
        "properties", Map.of("baton_conversation", "b-1")));
    if (a.status() != 201) {
      throw new AssertionError("conversation not created: " + a.body());
    }
    return a.body().get("conversation_id").asText();
  }

  static Map<String, Object> text(String actorType, String actorId, String content) {
    return Map.of("actor_type", actorType, "actor_id", actorId, "message_parts", List.of(Map.of("text",
        Map.of("content", content))));
  }

  @Override
  public void close() {
    hooks.close();
    sandbox.close();
  }
}
