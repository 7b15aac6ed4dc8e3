package io.baton.connector.dixa;

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
import java.util.concurrent.CompletableFuture;

/**
 * Dixa API v1 over HTTP: one request, its JSON answer, or a {@link PlatformCallFailed} with Dixa's message
 * ({@code Duplicate externalId}, ...), never the token.
 */
final class DixaClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final String apiUrl;
  private final Duration timeout;

  DixaClient(String apiUrl, Duration timeout) {
    this.threads = new PlatformHttp("dixa-http", 2);
    this.apiUrl = apiUrl;
    this.timeout = timeout;
  }

  /** Dixa refused something because it has it already (an import or message with a known {@code externalId}). */
  static boolean duplicate(Throwable e) {
    return unwrap(e) instanceof PlatformCallFailed failed && failed.status() == 400
        && failed.platformMessage().contains("Duplicate externalId");
  }

  static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  @Override
  public void close() {
    threads.close();
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  CompletableFuture<JsonNode> call(String token, String method, String path, Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
        .header("Authorization", token).header("Accept", "application/json")
        .header("Content-Type", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json))
        .build();
    return threads.json(request, method + " " + path.replaceAll("\\?.*", ""),
        (call, status, retryAfter, answer) -> new PlatformCallFailed(call, status, retryAfter, messageOf(answer)));
  }

  private static String messageOf(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      String message = json == null ? "" : json.path("message").asText("");
      return message.length() > 200 ? message.substring(0, 200) : message;
    } catch (IOException | RuntimeException e) {
      return "";
    }
  }
}
