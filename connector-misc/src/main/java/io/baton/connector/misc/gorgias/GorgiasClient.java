package io.baton.connector.misc.gorgias;

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
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Gorgias's REST API over HTTP ({@code <apiUrl>/...}, HTTP Basic with the user's email and API key): one request and
 * its JSON answer, or a {@link PlatformCallFailed} with Gorgias's error message ({@code {"error":{"msg", "data"}}}),
 * never a credential.
 */
final class GorgiasClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  /** Pages of a listing read at most when looking for one item (a ticket by external id, our integration). */
  static final int PAGES = 20;

  private final PlatformHttp threads;
  private final Duration timeout;

  GorgiasClient(Duration timeout) {
    this.threads = new PlatformHttp("gorgias-http", 2);
    this.timeout = timeout;
  }

  static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  /** The call was finally refused with this HTTP status. */
  static boolean status(Throwable e, int status) {
    return unwrap(e) instanceof PlatformCallFailed f && f.status() == status;
  }

  static String reason(Throwable e) {
    Throwable cause = unwrap(e);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /** @param call what the call is in messages and logs ({@code GET /tickets/{id}}), never a query or credential */
  CompletableFuture<JsonNode> call(GorgiasAccount account, String method, String path, String call, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(account.apiUrl() + path)).timeout(timeout)
        .header("Authorization", account.authorization()).header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return threads.json(request.build(), call,
        (what, status, retryAfter, answer) -> new PlatformCallFailed(what, status, retryAfter, message(answer)));
  }

  /**
   * Every item of a cursor-paged listing ({@code {data:[...], meta:{next_cursor}}}), up to {@link #PAGES} pages.
   *
   * @param path the listing with its query (a {@code cursor} is appended)
   */
  CompletableFuture<List<JsonNode>> list(PlatformCalls calls, GorgiasAccount account, String path, String call) {
    List<JsonNode> all = new ArrayList<>();
    return page(calls, account, path, call, null, all, 1).thenApply(x -> all);
  }

  private CompletableFuture<Void> page(PlatformCalls calls, GorgiasAccount account, String path, String call,
      String cursor, List<JsonNode> all, int n) {
    String paged = cursor == null ? path : path + (path.contains("?") ? "&" : "?") + "cursor=" + query(cursor);
    return calls.call(account.connection(), call, () -> call(account, "GET", paged, call, null)).thenCompose(r -> {
      r.path("data").forEach(all::add);
      String next = r.path("meta").path("next_cursor").asText("");
      return next.isEmpty() || n >= PAGES ? CompletableFuture.completedFuture(null)
          : page(calls, account, path, call, next, all, n + 1);
    });
  }

  /** Gorgias's error message with the fields it names, cut short; empty when the answer says nothing readable. */
  static String message(String answer) {
    try {
      JsonNode json = JSON.readTree(answer == null ? "" : answer);
      JsonNode error = json == null ? null : json.path("error");
      if (error == null || error.isMissingNode()) {
        return "";
      }
      StringBuilder b = new StringBuilder(error.isTextual() ? error.asText() : error.path("msg").asText(""));
      error.path("data").fields().forEachRemaining(f -> b.append(b.length() > 0 ? "; " : "").append(f.getKey())
          .append(": ").append(f.getValue().isArray() && f.getValue().size() > 0 ? f.getValue().get(0).asText()
              : f.getValue().toString()));
      return b.length() > 200 ? b.substring(0, 200) : b.toString();
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public void close() {
    threads.close();
  }
}
