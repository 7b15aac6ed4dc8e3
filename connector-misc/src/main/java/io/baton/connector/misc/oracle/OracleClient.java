package io.baton.connector.misc.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.PlatformHttp;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Oracle B2C Service chat over HTTP, the consumer side: establishSessions at the site (Basic auth with the API user),
 * then the engagement API at the session's domain ({@code Authorization: Bearer <JWT>}, {@code SessionId} once the
 * engagement exists, {@code ?pool=} on every call). Errors become {@link PlatformCallFailed} with Oracle's message,
 * never a credential.
 */
final class OracleClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final String APPLICATION_CONTEXT = "Baton bot-to-human handover";
  static final String ESTABLISH_PATH = "/services/rest/crossChannelServices/latest/establishSessions";

  private final PlatformHttp threads = new PlatformHttp("oracle-http", 2);
  private final Duration timeout;
  private final Duration pollTimeout;

  OracleClient(Duration timeout, Duration pollTimeout) {
    this.timeout = timeout;
    this.pollTimeout = pollTimeout;
  }

  static boolean status(Throwable e, int status) {
    return PlatformCalls.cause(e) instanceof PlatformCallFailed f && f.status() == status;
  }

  static String reason(Throwable e) {
    Throwable cause = PlatformCalls.cause(e);
    if (cause instanceof PlatformCallFailed f && !f.platformMessage().isEmpty()) {
      return f.platformMessage();
    }
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  /**
   * establishSessions: {@code {sessionInformation: "<the JSON object as text>"}}, as Oracle's sample clients send it,
   * with the {@code OSvC-CREST-Application-Context} header B2C Service's REST endpoints ask for (at most 40
   * characters; shown in the site's Public API log).
   */
  CompletableFuture<JsonNode> establish(String siteUrl, String username, String password, String sessionInformation) {
    String basic = Base64.getEncoder()
        .encodeToString((username + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(siteUrl + ESTABLISH_PATH, "Basic " + basic, Map.of("OSvC-CREST-Application-Context",
        APPLICATION_CONTEXT), "POST", "establishSessions",
        Map.of("sessionInformation", sessionInformation), timeout);
  }

  /** An engagement API call (POST with a JSON body); {@code SessionId} once the engagement has one. */
  CompletableFuture<JsonNode> post(OracleEngagement e, String operation, Object body) {
    return send(e.apiUrl + "/" + operation + "?pool=" + query(e.pool), "Bearer " + e.jwt,
        e.sessionId == null ? Map.of() : Map.of("SessionId", e.sessionId), "POST",
        operation, body == null ? Map.of() : body, timeout);
  }

  /** getQueueStats: the available agent sessions of a queue (no SessionId: it is asked before an engagement). */
  CompletableFuture<JsonNode> queueStats(OracleEngagement e, long queueId) {
    String request = "{\"queueId\":" + queueId + ",\"chatProactiveAvailableType\":\"AGENTS\"}";
    return send(e.apiUrl + "/getQueueStats?pool=" + query(e.pool) + "&request=" + query(request),
        "Bearer " + e.jwt, Map.of(), "GET", "getQueueStats", null, timeout);
  }

  /** getMessages: the long poll, its answer as it came (the platform reads the status itself). */
  CompletableFuture<HttpResponse<String>> messages(OracleEngagement e) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(e.apiUrl + "/getMessages?pool=" + query(e.pool)))
        .timeout(pollTimeout).header("Authorization", "Bearer " + e.jwt).header("SessionId", e.sessionId)
        .header("Content-Type", "application/json; charset=utf-8").header("Accept", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    return threads.client().sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  private CompletableFuture<JsonNode> send(String url, String authorization, Map<String, String> headers,
      String method, String what, Object body, Duration timeout) {
    HttpRequest.Builder request;
    try {
      request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout).header("Authorization", authorization)
          .header("Accept", "application/json").header("Content-Type", "application/json; charset=utf-8");
      headers.forEach(request::header);
      request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
          : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
    } catch (IllegalArgumentException | IOException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a usable Oracle URL for " + what));
    }
    return threads.json(request.build(), method + " " + what, OracleClient::refusal);
  }

  /** Oracle's error answer; its message field is named differently by its services, so the usual ones are read. */
  static PlatformCallFailed refusal(String call, int status, Duration retryAfter, String body) {
    String message = "";
    try {
      JsonNode json = JSON.readTree(body);
      for (String field : new String[] {"message", "errorMessage", "detail", "title", "error"}) {
        if (json.hasNonNull(field) && json.get(field).isValueNode()) {
          message = json.get(field).asText();
          break;
        }
      }
    } catch (IOException | RuntimeException e) {
      // not JSON (a proxy's page): the status says enough
    }
    return new PlatformCallFailed(call, status, retryAfter, message.length() > 200 ? message.substring(0, 200)
        : message);
  }

  static String query(String value) {
    return URLEncoder.encode(value == null ? "" : value, StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    threads.close();
  }
}
