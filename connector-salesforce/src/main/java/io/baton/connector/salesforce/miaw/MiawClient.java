package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.RetryAfter;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * The MIAW visitor API (unauthenticated web): access token, conversation, message, entry, close, and the SSE event
 * stream read asynchronously line by line, so a stream holds no thread.
 */
final class MiawClient {
  static final ObjectMapper JSON = new ObjectMapper();

  /** One server-sent event. */
  record Sse(long id, String type, String data) {}

  private final HttpClient http;
  private final Duration timeout;

  MiawClient(HttpClient http, Duration timeout) {
    this.http = http;
    this.timeout = timeout;
  }

  CompletableFuture<String> accessToken(String baseUrl, String orgId, String esDeveloperName) {
    return send(baseUrl + "/iamessage/api/v2/authorization/unauthenticated/access-token", "POST", null,
        Map.of("orgId", orgId, "esDeveloperName", esDeveloperName, "capabilitiesVersion", "1", "platform", "Web"))
        .thenApply(body -> parse(body).path("accessToken").asText());
  }

  CompletableFuture<String> createConversation(MiawConversation c, Map<String, String> routingAttributes) {
    return send(c.baseUrl + "/iamessage/api/v2/conversation", "POST", c.token, Map.of("conversationId", c.miawId,
        "esDeveloperName", c.esDeveloperName, "routingAttributes", routingAttributes));
  }

  CompletableFuture<String> message(MiawConversation c, String messageId, String text) {
    return send(c.baseUrl + "/iamessage/api/v2/conversation/" + c.miawId + "/message", "POST", c.token,
        Map.of("message", Map.of("id", messageId, "messageType", "StaticContentMessage",
            "staticContent", Map.of("formatType", "Text", "text", text)), "esDeveloperName", c.esDeveloperName));
  }

  CompletableFuture<String> typing(MiawConversation c, String entryId, boolean typing) {
    return send(c.baseUrl + "/iamessage/api/v2/conversation/" + c.miawId + "/entry", "POST", c.token,
        Map.of("entryType", typing ? "TypingStartedIndicator" : "TypingStoppedIndicator", "id", entryId));
  }

  CompletableFuture<String> close(MiawConversation c) {
    return send(c.baseUrl + "/iamessage/api/v2/conversation/" + c.miawId + "?esDeveloperName="
        + URLEncoder.encode(c.esDeveloperName, StandardCharsets.UTF_8), "DELETE", c.token, null);
  }

  /**
   * Opens the event stream after {@code lastEventId}; every event goes to {@code onEvent} in order. Completes when
   * the stream ends (normally or not); fails with {@link PlatformCallFailed} when the server refused it.
   */
  CompletableFuture<Void> events(MiawConversation c, long lastEventId, Consumer<Sse> onEvent) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(c.baseUrl + "/eventrouter/v1/sse"))
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + c.token)
        .header("X-Org-Id", c.orgId).header("Last-Event-Id", Long.toString(lastEventId)).GET().build();
    SseLines lines = new SseLines(onEvent);
    return http.sendAsync(request, info -> info.statusCode() == 200
        ? HttpResponse.BodySubscribers.fromLineSubscriber(lines)
        : HttpResponse.BodySubscribers.discarding())
        .thenAccept(r -> {
          if (r.statusCode() != 200) {
            throw new PlatformCallFailed("MIAW events", r.statusCode(), null);
          }
        });
  }

  private CompletableFuture<String> send(String url, String method, String token, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      b.header("Content-Type", "application/json");
    }
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) {
        throw new PlatformCallFailed("MIAW " + method + " " + URI.create(url).getPath(), r.statusCode(),
            RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), Instant.now()));
      }
      return r.body();
    });
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body == null || body.isBlank() ? "{}" : body);
    } catch (Exception e) {
      throw new IllegalStateException("MIAW answered with unreadable JSON", e);
    }
  }

  /** The text/event-stream format: {@code field: value} lines, an empty line ends an event. */
  private static final class SseLines implements Flow.Subscriber<String> {
    private final Consumer<Sse> onEvent;
    private long id = -1;
    private String type = "message";
    private final StringBuilder data = new StringBuilder();

    SseLines(Consumer<Sse> onEvent) {
      this.onEvent = onEvent;
    }

    @Override
    public void onSubscribe(Flow.Subscription subscription) {
      subscription.request(Long.MAX_VALUE);
    }

    @Override
    public void onNext(String line) {
      if (line.isEmpty()) {
        if (data.length() > 0 || id >= 0) {
          onEvent.accept(new Sse(id, type, data.toString()));
        }
        id = -1;
        type = "message";
        data.setLength(0);
        return;
      }
      int colon = line.indexOf(':');
      String field = colon < 0 ? line : line.substring(0, colon);
      String value = colon < 0 ? "" : line.substring(colon + 1).replaceFirst("^ ", "");
      switch (field) {
        case "id" -> {
          try {
            id = Long.parseLong(value.trim());
          } catch (NumberFormatException e) {
            id = -1;
          }
        }
        case "event" -> type = value;
        case "data" -> data.append(data.length() > 0 ? "\n" : "").append(value);
        default -> {} // comments (keep-alives) and unknown fields
      }
    }

    @Override
    public void onError(Throwable throwable) {}

    @Override
    public void onComplete() {}
  }
}
