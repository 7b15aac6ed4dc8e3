package io.baton.connector.salesforce.liveagent;

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
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The visitor side of the Live Agent REST API, asynchronous so that thousands of long polls need no thread each.
 * Headers per the Live Agent REST guide: API version always; affinity ("null" before SessionId), session key, and a
 * sequence number on every POST. Error statuses become {@link PlatformCallFailed} (with {@code Retry-After}); 503 is
 * Live Agent's affinity change, {@link AffinityChanged}, which a blind retry cannot fix.
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

  /** {@code clientPollTimeout} is a string of seconds; a poll not answered by then is abandoned and sent again. */
  static Duration pollTimeout(JsonNode sessionId) {
    try {
      return Duration.ofSeconds(Long.parseLong(sessionId.path("clientPollTimeout").asText("40").trim()));
    } catch (NumberFormatException e) {
      return Duration.ofSeconds(40);
    }
  }

  CompletableFuture<Void> post(LiveAgentSession session, LiveAgentSession.Stamp stamp, String path, Object body) {
    String json;
    try {
      json = body == null ? "" : JSON.writeValueAsString(body);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(session.restUrl + path)).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).header("X-LIVEAGENT-AFFINITY", stamp.affinity())
        .header("X-LIVEAGENT-SESSION-KEY", session.key).header("X-LIVEAGENT-SEQUENCE", Long.toString(stamp.sequence()))
        .POST(HttpRequest.BodyPublishers.ofString(json));
    if (body != null) {
      request.header("Content-Type", "application/json");
    }
    return http.sendAsync(request.build(), HttpResponse.BodyHandlers.ofString()).thenAccept(r -> expectOk(r, path));
  }

  /** One long poll; the server holds it until messages are pending (200) or its hold ends (204). */
  CompletableFuture<HttpResponse<String>> messages(LiveAgentSession session) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(session.restUrl + "System/Messages?ack=" + session.ack))
        .timeout(session.clientPollTimeout).header("X-LIVEAGENT-API-VERSION", apiVersion)
        .header("X-LIVEAGENT-AFFINITY", session.affinity).header("X-LIVEAGENT-SESSION-KEY", session.key).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** After a 503: the new affinity token ({@code resetSequence} is always true in the documented answer). */
  CompletableFuture<String> reconnectSession(LiveAgentSession session) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(session.restUrl
        + "System/ReconnectSession?ReconnectSession.offset=" + session.offset)).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).header("X-LIVEAGENT-AFFINITY", session.affinity)
        .header("X-LIVEAGENT-SESSION-KEY", session.key).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      expectOk(r, "ReconnectSession");
      for (JsonNode m : parse(r.body()).path("messages")) {
        if ("ReconnectSession".equals(m.path("type").asText()) && m.path("message").hasNonNull("affinityToken")) {
          return m.path("message").path("affinityToken").asText();
        }
      }
      throw new LiveAgentException("ReconnectSession answered no affinity token");
    });
  }

  /** GET Visitor/Availability: the raw {@code results} array. */
  CompletableFuture<JsonNode> availability(String restUrl, String orgId, String deploymentId, List<String> buttonIds) {
    String ids = "[" + String.join(",", buttonIds) + "]";
    URI uri = URI.create(restUrl + "Visitor/Availability?org_id=" + enc(orgId) + "&deployment_id=" + enc(deploymentId)
        + "&Availability.ids=" + enc(ids) + "&Availability.needEstimatedWaitTime=1");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenApply(r -> {
      expectOk(r, "Availability");
      for (JsonNode m : parse(r.body()).path("messages")) {
        if ("Availability".equals(m.path("type").asText())) {
          return m.path("message").path("results");
        }
      }
      return JSON.createArrayNode();
    });
  }

  private static String enc(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  static JsonNode parse(String body) {
    try {
      return JSON.readTree(body);
    } catch (Exception e) {
      throw new LiveAgentException("Live Agent answered with unreadable JSON", e);
    }
  }

  static void expectOk(HttpResponse<String> response, String call) {
    int status = response.statusCode();
    if (status / 100 == 2) {
      return;
    }
    if (status == 503) {
      throw new AffinityChanged(call);
    }
    throw new PlatformCallFailed("Live Agent " + call, status,
        RetryAfter.parse(response.headers().firstValue("Retry-After").orElse(null), Instant.now()));
  }

  /** 503: the session moved; the documented cure is ReconnectSession, then the request again. */
  static final class AffinityChanged extends PlatformCallFailed {
    AffinityChanged(String call) {
      super("Live Agent " + call, 503, null);
    }

    @Override
    public boolean retryable() {
      return false;
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
