package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.PlatformHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * Freshchat's REST API v2 over HTTP ({@code <account apiUrl>/...}, {@code Authorization: Bearer <token>}): one
 * request and its JSON answer, or a {@link FreshchatCallFailed} with Freshchat's {@code status} name and message,
 * never the token.
 */
final class FreshchatClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final Duration timeout;

  FreshchatClient(Duration timeout) {
    this.threads = new PlatformHttp("freshchat-http", 2);
    this.timeout = timeout;
  }

  /** A Freshchat error answer {@code {code, status, message}}: the HTTP status and Freshchat's status name. */
  static final class FreshchatCallFailed extends PlatformCallFailed {
    private final String name;

    FreshchatCallFailed(String call, int status, Duration retryAfter, String name, String message) {
      super(call, status, retryAfter, name.isEmpty() ? message : message.isEmpty() ? name : name + ": " + message);
      this.name = name;
    }

    /** {@code USER_NOT_FOUND}, {@code INVALID_VALUE}, ...; empty when the answer named none. */
    String name() {
      return name;
    }
  }

  static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  /** The call was finally refused with this HTTP status. */
  static boolean status(Throwable e, int status) {
    return unwrap(e) instanceof PlatformCallFailed f && f.status() == status;
  }

  /**
   * A creating call made safe to try again: after a try whose outcome is unknown (a timeout, a lost connection, a
   * 5xx: Freshchat may have done it), and on the first try when {@code unsure}, {@code done} looks for what the call
   * would have made, and only when it finds nothing is the call made (Freshchat has no idempotency keys).
   */
  static <T> Supplier<CompletableFuture<T>> lookingFirst(boolean unsure,
      Supplier<CompletableFuture<Optional<T>>> done, Supplier<CompletableFuture<T>> call) {
    AtomicBoolean look = new AtomicBoolean(unsure);
    return () -> (look.get() ? done.get() : CompletableFuture.completedFuture(Optional.<T>empty()))
        .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get()) : call.get())
        .whenComplete((x, e) -> look.set(e != null && !(unwrap(e) instanceof PlatformCallFailed f
            && f.status() / 100 == 4)));
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  CompletableFuture<JsonNode> call(FreshchatAccount account, String method, String path, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(account.apiUrl() + path)).timeout(timeout)
        .header("Authorization", "Bearer " + account.token()).header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return threads.json(request.build(), method + " " + path.replaceAll("\\?.*", ""),
        (call, status, retryAfter, answer) -> {
          JsonNode error = read(answer);
          return new FreshchatCallFailed(call, status, retryAfter, error.path("status").asText(""),
              cut(error.path("message").asText("")));
        });
  }

  private static JsonNode read(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      return json == null ? JSON.createObjectNode() : json;
    } catch (IOException | RuntimeException e) {
      return JSON.createObjectNode(); // not JSON: no detail
    }
  }

  private static String cut(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  @Override
  public void close() {
    threads.close();
  }
}
