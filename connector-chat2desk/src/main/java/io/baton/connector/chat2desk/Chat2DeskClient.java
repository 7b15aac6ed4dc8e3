package io.baton.connector.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.PlatformHttp;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Chat2Desk API v1 over HTTP ({@code Authorization: <token>}, no Bearer): one request, its envelope
 * {@code {"status":"success","data":...}}, or a {@link PlatformCallFailed} with Chat2Desk's {@code message} ("You need
 * to auth", "Operator is offline", ...), never the token. An answer {@code "status":"error"} with a 2xx status is a
 * refusal too (400).
 */
public final class Chat2DeskClient implements AutoCloseable {
  public static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final String apiUrl;
  private final Duration timeout;

  /** @param apiUrl Chat2Desk's API without {@code /v1} */
  public Chat2DeskClient(String apiUrl, Duration timeout) {
    this.threads = new PlatformHttp("chat2desk-http", 2);
    this.apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    this.timeout = timeout;
  }

  /**
   * One call; completes with the whole envelope (its {@code data}, and {@code meta} for lists).
   *
   * @param path after {@code /v1}, e.g. {@code /dialogs/42}; a query string is left out of error messages
   * @param body serialised as JSON; null: none
   */
  public CompletableFuture<JsonNode> call(String token, String method, String path, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    String what = method + " " + path.replaceAll("\\?.*", "");
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + "/v1" + path)).timeout(timeout)
        .header("Authorization", token).header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build();
    return threads.json(request, what,
        (call, status, retryAfter, answer) -> new PlatformCallFailed(call, status, retryAfter, messageOf(answer)))
        .thenApply(envelope -> {
          if ("error".equals(envelope.path("status").asText())) {
            throw new PlatformCallFailed(what, 400, null, messageOf(envelope));
          }
          return envelope;
        });
  }

  /** One call's {@code data}. */
  public CompletableFuture<JsonNode> data(String token, String method, String path, Object body) {
    return call(token, method, path, body).thenApply(envelope -> envelope.path("data"));
  }

  /** Whether the failure is Chat2Desk refusing with this message (e.g. "Operator is offline"). */
  public static boolean refusedWith(Throwable error, String message) {
    return PlatformCalls.cause(error) instanceof PlatformCallFailed failed
        && failed.platformMessage().toLowerCase(java.util.Locale.ROOT)
            .contains(message.toLowerCase(java.util.Locale.ROOT));
  }

  /** What Chat2Desk says went wrong; never longer than 200 characters. */
  public static String reason(Throwable error) {
    Throwable cause = PlatformCalls.cause(error);
    if (cause instanceof PlatformCallFailed failed && !failed.platformMessage().isEmpty()) {
      return failed.platformMessage() + " (" + failed.status() + ")";
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  private static String messageOf(String body) {
    try {
      return messageOf(JSON.readTree(body));
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  /** {@code message}, then the field errors ({@code errors}: field -> messages). */
  private static String messageOf(JsonNode json) {
    if (json == null) {
      return "";
    }
    StringBuilder message = new StringBuilder(json.path("message").asText(""));
    json.path("errors").fields().forEachRemaining(e -> {
      message.append(message.length() == 0 ? "" : "; ").append(e.getKey()).append(": ");
      message.append(e.getValue().isArray() && e.getValue().size() > 0 ? e.getValue().get(0).asText()
          : e.getValue().asText());
    });
    return message.length() > 200 ? message.substring(0, 200) : message.toString();
  }

  @Override
  public void close() {
    threads.close();
  }
}
