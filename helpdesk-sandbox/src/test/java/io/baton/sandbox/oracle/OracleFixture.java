package io.baton.sandbox.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.ApiCalls;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * A sandbox whose Oracle chat simulator holds polls 400 ms, and a consumer-side client of it: one for every test
 * class that extends with {@link Shared}, closed when the run ends.
 */
final class OracleFixture implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();
  static final Duration HOLD = Duration.ofMillis(400);
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final HelpdeskSandbox sandbox;
  final OracleChatSimulator oracle;

  /** Gives test classes the shared fixture as a {@code @BeforeAll} parameter. */
  static final class Shared implements ParameterResolver {
    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
      return parameter.getParameter().getType() == OracleFixture.class;
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
      return context.getRoot().getStore(ExtensionContext.Namespace.GLOBAL).getOrComputeIfAbsent(
          OracleFixture.class, k -> new OracleFixture(), OracleFixture.class);
    }
  }

  private OracleFixture() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0), null, null, null,
        OracleSettings.defaults().withPollHold(HOLD));
    oracle = sandbox.oracle();
  }

  /** What {@code establishSessions} answered, read as a client does. */
  record Session(String siteName, String token, String domain, String pool) {
    String engagementUrl(String operation) {
      return "http://" + domain + "/engagement/api/consumer/" + siteName + "/v1/" + operation + "?pool=" + pool;
    }
  }

  HttpResponse<String> establish(String user, String password, String body) {
    String basic = user == null ? null
        : "Basic " + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    return send(sandbox.oracleSiteUrl()
        + "/services/rest/crossChannelServices/latest/establishSessions", "POST", body, basic, null);
  }

  Session session(String sessionInformation) throws IOException {
    HttpResponse<String> r = establish(oracle.username(), oracle.password(),
        "{\"sessionInformation\":" + JSON.writeValueAsString(sessionInformation) + "}");
    JsonNode body = json(r, 200);
    JsonNode server = JSON.readTree(body.path("sessionServerResponse").asText());
    return new Session(body.path("siteName").asText(), body.path("channelToken").asText(),
        server.path("domain").asText(), server.path("pool").asText());
  }

  /** An engagement requested in a new session: its {@code requestEngagement} answer. */
  JsonNode engage(Session s) throws IOException {
    return json(call(s, "requestEngagement", null, "{}"), 200);
  }

  HttpResponse<String> call(Session s, String operation, String sessionId, String body) {
    return send(s.engagementUrl(operation), "POST", body,
        "Bearer " + s.token(), sessionId);
  }

  HttpResponse<String> queueStats(Session s, String request) {
    String url = s.engagementUrl("getQueueStats")
        + (request == null ? "" : "&request=" + URLEncoder.encode(request, StandardCharsets.UTF_8));
    return send(url, "GET", null, "Bearer " + s.token(), null);
  }

  /** A sandbox route (no credentials). */
  HttpResponse<String> sandboxCall(String method, String path, String body) {
    return send(sandbox.baseUrl() + path, method, body, null, null);
  }

  CompletableFuture<HttpResponse<String>> pollAsync(Session s, String sessionId) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(s.engagementUrl("getMessages")))
        .timeout(Duration.ofSeconds(10)).header("Authorization", "Bearer " + s.token())
        .header("SessionId", sessionId).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
    return HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofString());
  }

  /** One {@code getMessages} answer's system messages. */
  JsonNode poll(Session s, String sessionId) throws IOException {
    return json(call(s, "getMessages", sessionId, "{}"), 200).path("systemMessages");
  }

  private static HttpResponse<String> send(String url, String method, String body, String authorization,
      String sessionId) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    if (sessionId != null) {
      headers.put("SessionId", sessionId);
    }
    if (body != null) {
      headers.put("Content-Type", "application/json; charset=utf-8");
    }
    return ApiCalls.sendWith(method, url, body, headers);
  }

  static JsonNode json(HttpResponse<String> response, int status) throws IOException {
    assertEquals(status, response.statusCode(), response.body());
    return JSON.readTree(response.body());
  }

  /** An error answer of this status and exception code. */
  static void error(HttpResponse<String> response, int status, String code) throws IOException {
    assertEquals(code, json(response, status).path("exceptionCode").asText(), response.body());
  }

  /** Waits (briefly) until the condition holds. */
  static void eventually(BooleanSupplier condition, String what) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Timed out waiting for " + what);
      }
      Thread.sleep(10);
    }
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
