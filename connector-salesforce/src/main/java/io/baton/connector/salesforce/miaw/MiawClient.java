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
import java.util.ArrayList;
import java.util.Base64;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
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

  /** A continuation token for the conversation's (still valid) token: {@code accessToken} of the answer. */
  CompletableFuture<String> continuation(MiawConversation c) {
    return send(c.baseUrl + "/iamessage/api/v2/authorization/continuation-access-token", "GET", c.token, null)
        .thenApply(body -> parse(body).path("accessToken").asText());
  }

  /** The conversation's entries from {@code since} (epoch ms), oldest first (sorted here whatever the order). */
  CompletableFuture<List<JsonNode>> entries(MiawConversation c, long since) {
    return send(c.baseUrl + "/iamessage/api/v2/conversation/" + c.miawId + "/entries?limit=1000&direction=FromStart"
        + (since > 0 ? "&startTimestamp=" + since : ""), "GET", c.token, null).thenApply(body -> {
          List<JsonNode> entries = new ArrayList<>();
          parse(body).path("conversationEntries").forEach(entries::add);
          entries.sort(Comparator.comparingLong(e -> e.path("transcriptedTimestamp").asLong(0)));
          return entries;
        });
  }

  /**
   * The documented file upload: {@code POST conversation/{id}/file}, multipart with {@code messageData} (the message
   * id, the optional text) and {@code fileData} (the file).
   */
  CompletableFuture<String> file(MiawConversation c, String messageId, String text, String name, String contentType,
      byte[] bytes) {
    String boundary = "baton-" + UUID.randomUUID();
    Map<String, Object> message = new LinkedHashMap<>();
    message.put("id", messageId);
    if (text != null && !text.isEmpty()) {
      message.put("text", text);
    }
    String messageData;
    try {
      messageData = JSON.writeValueAsString(Map.of("message", message, "esDeveloperName", c.esDeveloperName));
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    String safeName = name.replace("\"", "'").replace("\r", " ").replace("\n", " ");
    byte[] head = ("--" + boundary + "\r\nContent-Disposition: form-data; name=\"messageData\"\r\n"
        + "Content-Type: application/json\r\n\r\n" + messageData + "\r\n--" + boundary
        + "\r\nContent-Disposition: form-data; name=\"fileData\"; filename=\"" + safeName + "\"\r\nContent-Type: "
        + contentType + "\r\n\r\n").getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8);
    HttpRequest request = HttpRequest.newBuilder(URI.create(c.baseUrl + "/iamessage/api/v2/conversation/" + c.miawId
        + "/file")).timeout(timeout).header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .header("Authorization", "Bearer " + c.token)
        .POST(HttpRequest.BodyPublishers.ofByteArrays(List.of(head, bytes, tail))).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> answer("MIAW POST file", r));
  }

  /** A visitor's file from its URL, at most {@code maxBytes}. */
  CompletableFuture<byte[]> download(String url, long maxBytes) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) {
        throw new PlatformCallFailed("attachment download", r.statusCode(), null);
      }
      if (r.body().length > maxBytes) {
        throw new IllegalArgumentException("the attachment is larger than " + maxBytes + " bytes");
      }
      return r.body();
    });
  }

  /** When a JWT access token expires ({@code exp}, epoch ms), or 0 when it is no JWT or has no {@code exp}. */
  static long expiry(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length < 2) {
      return 0;
    }
    try {
      JsonNode claims = JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
      return claims.path("exp").canConvertToLong() ? claims.path("exp").asLong() * 1000 : 0;
    } catch (Exception e) {
      return 0;
    }
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
  CompletableFuture<Void> events(MiawConversation c, long lastEventId, Runnable onConnected, Consumer<Sse> onEvent) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(c.baseUrl + "/eventrouter/v1/sse"))
        .header("Accept", "text/event-stream").header("Authorization", "Bearer " + c.token)
        .header("X-Org-Id", c.orgId).header("Last-Event-Id", Long.toString(lastEventId)).GET().build();
    SseLines lines = new SseLines(onEvent);
    return http.sendAsync(request, info -> {
      if (info.statusCode() != 200) {
        return HttpResponse.BodySubscribers.discarding();
      }
      onConnected.run();
      return HttpResponse.BodySubscribers.fromLineSubscriber(lines);
    })
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
    return http.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
        .thenApply(r -> answer("MIAW " + method + " " + URI.create(url).getPath(), r));
  }

  private static String answer(String what, HttpResponse<String> r) {
    if (r.statusCode() / 100 != 2) {
      throw new PlatformCallFailed(what, r.statusCode(),
          RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), Instant.now()));
    }
    return r.body();
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
