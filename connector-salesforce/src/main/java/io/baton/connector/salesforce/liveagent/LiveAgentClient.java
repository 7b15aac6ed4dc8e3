package io.baton.connector.salesforce.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The visitor side of the Live Agent REST API, asynchronous so that thousands of long polls need no thread each.
 * Headers per the Live Agent REST guide: API version always; affinity ("null" before SessionId), session key, and a
 * sequence number on every POST.
 */
final class LiveAgentClient {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http;
  private final String apiVersion;
  private final Duration requestTimeout;

  LiveAgentClient(HttpClient http, String apiVersion, Duration requestTimeout) {
    this.http = http;
    this.apiVersion = apiVersion;
    this.requestTimeout = requestTimeout;
  }

  /** {@code {id, key, affinityToken, clientPollTimeout}} */
  CompletableFuture<JsonNode> sessionId(String restUrl) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(restUrl + "System/SessionId")).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).header("X-LIVEAGENT-AFFINITY", "null").GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      expectOk(r, "SessionId");
      return parse(r.body());
    });
  }

  CompletableFuture<Void> post(LiveAgentSession session, String path, long sequence, Object body) {
    String json;
    try {
      json = body == null ? "" : JSON.writeValueAsString(body);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(session.restUrl + path)).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).header("X-LIVEAGENT-AFFINITY", session.affinity)
        .header("X-LIVEAGENT-SESSION-KEY", session.key).header("X-LIVEAGENT-SEQUENCE", Long.toString(sequence))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> expectOk(r, path));
  }

  /** One long poll; the server holds it until messages are pending (200) or its hold ends (204). */
  CompletableFuture<HttpResponse<String>> messages(LiveAgentSession session, Duration clientPollTimeout) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(session.restUrl + "System/Messages?ack=" + session.ack))
        .timeout(clientPollTimeout).header("X-LIVEAGENT-API-VERSION", apiVersion)
        .header("X-LIVEAGENT-AFFINITY", session.affinity).header("X-LIVEAGENT-SESSION-KEY", session.key).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new LiveAgentException("Live Agent answered with unreadable JSON", e);
    }
  }

  private static void expectOk(HttpResponse<String> response, String call) {
    if (response.statusCode() / 100 != 2) {
      throw new LiveAgentException("Live Agent " + call + " answered " + response.statusCode());
    }
  }

  static final class LiveAgentException extends RuntimeException {
    LiveAgentException(String message) {
      super(message);
    }

    LiveAgentException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
