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

  /**
   * A POST without a sequence number (ChasitorResyncState: the documented headers are the version, affinity and
   * session key only).
   */
  CompletableFuture<Void> postUnsequenced(LiveAgentSession session, String path, Object body) {
    String json;
    try {
      json = JSON.writeValueAsString(body);
    } catch (Exception e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request = HttpRequest.newBuilder(URI.create(session.restUrl + path)).timeout(requestTimeout)
        .header("X-LIVEAGENT-API-VERSION", apiVersion).header("X-LIVEAGENT-AFFINITY", session.affinity)
        .header("X-LIVEAGENT-SESSION-KEY", session.key).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(json)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> expectOk(r, path));
  }

  /** The visitor's file, fetched from where the visitor's channel put it. */
  CompletableFuture<byte[]> download(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(requestTimeout).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(r -> {
      if (r.statusCode() / 100 != 2) {
        throw new PlatformCallFailed("the attachment's URL", r.statusCode(), null);
      }
      return r.body();
    });
  }

  /**
   * The file to the upload servlet the agent's FileTransfer named, as Salesforce's own chat window sends it: a
   * multipart/form-data POST with the file in a part named {@code file}, and orgId, chatKey (the session id, the
   * key's first part), fileToken and encoding in the query string [observed in Salesforce's chat client; not in the
   * REST guide].
   */
  CompletableFuture<Void> upload(LiveAgentSession session, String servletUrl, String fileToken, String name,
      String contentType, byte[] bytes) {
    String boundary = "baton-" + java.util.UUID.randomUUID();
    String head = "--" + boundary + "\r\nContent-Disposition: form-data; name=\"file\"; filename=\""
        + name.replace("\"", "'").replace("\r", " ").replace("\n", " ") + "\"\r\nContent-Type: " + contentType
        + "\r\n\r\n";
    String tail = "\r\n--" + boundary + "--\r\n";
    byte[] body = new byte[0];
    try (java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream()) {
      out.write(head.getBytes(StandardCharsets.UTF_8));
      out.write(bytes);
      out.write(tail.getBytes(StandardCharsets.UTF_8));
      body = out.toByteArray();
    } catch (java.io.IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    URI uri = URI.create(servletUrl + (servletUrl.contains("?") ? "&" : "?") + "orgId=" + enc(session.org)
        + "&chatKey=" + enc(session.sessionId) + "&fileToken=" + enc(fileToken) + "&encoding=UTF-8");
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(requestTimeout)
        .header("Content-Type", "multipart/form-data; boundary=" + boundary)
        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofString()).thenAccept(r -> {
      if (r.statusCode() / 100 != 2) {
        throw new PlatformCallFailed("Live Agent file upload (" + r.body() + ")", r.statusCode(),
            RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), Instant.now()));
      }
    });
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
