package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.PlatformHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Zendesk Support API v2 over HTTP: one request of one {@link SupportAccount}, its JSON answer, or a
 * {@link PlatformCallFailed} carrying Zendesk's {@code error}/{@code description}, never the token.
 */
final class SupportClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final HttpClient http;
  private final Duration timeout;

  SupportClient(Duration timeout) {
    this.threads = new PlatformHttp("zendesk-support-http", 2);
    this.http = threads.client();
    this.timeout = timeout;
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  /** Zendesk's status of a failed call, or 0 when it did not answer. */
  static int status(Throwable e) {
    return unwrap(e) instanceof PlatformCallFailed failed ? failed.status() : 0;
  }

  CompletableFuture<JsonNode> get(SupportAccount account, String path) {
    return call(account, "GET", path, null);
  }

  CompletableFuture<JsonNode> call(SupportAccount account, String method, String path, Object body) {
    return call(account, method, path, body, null);
  }

  /** With Zendesk's {@code Idempotency-Key} (Create Ticket): a repeat with the same body gets the first answer. */
  CompletableFuture<JsonNode> call(SupportAccount account, String method, String path, Object body,
      String idempotencyKey) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(account.apiBase() + path)).timeout(timeout)
        .header("Authorization", account.authorization()).header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    if (idempotencyKey != null) {
      request.header("Idempotency-Key", idempotencyKey);
    }
    return send(request.build(), method + " " + path.replaceAll("\\?.*", ""));
  }

  /** {@code POST /uploads}: the file's bytes, answered with an upload whose token a comment attaches. */
  CompletableFuture<JsonNode> upload(SupportAccount account, String fileName, String contentType, byte[] bytes) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(account.apiBase() + "/uploads?filename=" + query(fileName)))
        .timeout(timeout).header("Authorization", account.authorization()).header("Accept", "application/json")
        .header("Content-Type", contentType == null || contentType.isBlank() ? "application/binary" : contentType)
        .POST(HttpRequest.BodyPublishers.ofByteArray(bytes)).build();
    return send(request, "POST /uploads");
  }

  /** A visitor's file, read from where the widget left it, to upload it. */
  CompletableFuture<byte[]> download(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) {
        throw new PlatformCallFailed("GET attachment", r.statusCode(), null, "the visitor's file could not be read");
      }
      return r.body();
    });
  }

  private CompletableFuture<JsonNode> send(HttpRequest request, String what) {
    return threads.json(request, what,
        (call, status, retryAfter, answer) -> new PlatformCallFailed(call, status, retryAfter, messageOf(answer)));
  }

  /** Zendesk's {@code {error, description}} (or {@code error:{title, message}}), shortened. */
  static String messageOf(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json == null) {
        return "";
      }
      JsonNode error = json.path("error");
      String message = error.isObject() ? error.path("title").asText("") + " " + error.path("message").asText("")
          : error.asText("");
      String description = json.path("description").asText("");
      if (!description.isEmpty()) {
        message = message.isEmpty() ? description : message + ": " + description;
      }
      JsonNode details = json.path("details");
      if (details.isObject() && details.size() > 0) {
        message = message + " " + details;
      }
      message = message.trim();
      return message.length() > 300 ? message.substring(0, 300) : message;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }

  @Override
  public void close() {
    threads.close();
  }
}
