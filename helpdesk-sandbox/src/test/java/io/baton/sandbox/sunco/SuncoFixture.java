package io.baton.sandbox.sunco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.OpenApiContract;
import io.baton.sandbox.kit.WebhookSender;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * A sandbox with the SunCo simulator (fast webhook retries), a client calling its API as the sandbox's key, and the
 * spec check of everything that went over the wire: every request it accepted and every answer it gave (where the
 * spec has that status), and every webhook it sent.
 */
final class SuncoFixture implements AutoCloseable {
  static final OpenApiContract SPEC = OpenApiContract.sunco();
  static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((SuncoSimulator.KEY_ID + ":" + SuncoSimulator.KEY_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  final HelpdeskSandbox sandbox;
  final SuncoSimulator sunco;

  private SuncoFixture(SuncoSettings settings) {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0), settings);
    sunco = sandbox.sunco();
  }

  /** Webhook retries 5 attempts from 50 ms doubling, answers slower than 1 s failed. */
  static SuncoFixture start() {
    return start(SuncoSettings.defaults());
  }

  static SuncoFixture start(SuncoSettings settings) {
    return new SuncoFixture(settings.withWebhookRetries(
        WebhookSender.RetrySchedule.doubling(5, Duration.ofMillis(50)), Duration.ofSeconds(1)));
  }

  /** A call under {@code /v2/apps/{APP_ID}} with Basic auth. */
  HttpResponse<String> call(String method, String path, String body) {
    return raw(method, "/v2/apps/" + SuncoSimulator.APP_ID + path, body, BASIC, "application/json");
  }

  /** A call under SunCo's server URL with the given Authorization and Content-Type (either may be null). */
  HttpResponse<String> raw(String method, String path, String body, String authorization, String contentType) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(sandbox.zendeskUrl() + "/sc" + path));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return send(b.build());
  }

  /** A call to the sandbox's own routes (messenger, desk) with a JSON body. */
  HttpResponse<String> sandboxCall(String method, String path, String body) {
    return send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + path)).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build());
  }

  private static HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  static JsonNode json(HttpResponse<String> response) {
    try {
      return SuncoJson.MAPPER.readTree(response.body());
    } catch (java.io.IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  /** Asserts the status, then the body as JSON. */
  static JsonNode ok(int status, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    return json(response);
  }

  /** Asserts a SunCo error: status, {@code errors[0].code} and title. */
  static void error(int status, String code, String title, HttpResponse<String> response) {
    assertEquals(status, response.statusCode(), response.body());
    JsonNode error = json(response).path("errors").get(0);
    assertEquals(code, error.path("code").asText(), response.body());
    if (title != null) {
      assertEquals(title, error.path("title").asText(), response.body());
    }
  }

  String createUser(String externalId) {
    return ok(201, call("POST", "/users", "{\"externalId\":\"" + externalId
        + "\",\"profile\":{\"givenName\":\"Ada\",\"email\":\"" + externalId + "@example.com\"}}"))
        .path("user").path("id").asText();
  }

  String createConversation(String userId) {
    return ok(201, call("POST", "/conversations", "{\"type\":\"personal\",\"participants\":[{\"userId\":\""
        + userId + "\"}]}")).path("conversation").path("id").asText();
  }

  /** A custom integration whose one webhook goes to {@code target} with these triggers; its JSON. */
  JsonNode createIntegration(String target, String triggers, boolean fullUser, boolean fullSource) {
    return ok(201, call("POST", "/integrations", "{\"type\":\"custom\",\"displayName\":\"Baton\",\"webhooks\":[{"
        + "\"target\":\"" + target + "\",\"triggers\":[" + triggers + "],\"includeFullUser\":" + fullUser
        + ",\"includeFullSource\":" + fullSource + "}]}")).path("integration");
  }

  /**
   * The bot's switchboard integration ({@code member}: its JSON members), next after the Agent Workspace (control
   * comes back to it) and the switchboard's default (new conversations start with it); its id.
   */
  String botAheadOfWorkspace(String member) {
    String board = "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID;
    String bot = ok(201, call("POST", board + "/switchboardIntegrations", member)).path("switchboardIntegration")
        .path("id").asText();
    ok(200,
        call("PATCH", board + "/switchboardIntegrations/" + SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID,
            "{\"nextSwitchboardIntegrationId\":\"" + bot + "\"}"));
    ok(200, call("PATCH", board, "{\"defaultSwitchboardIntegrationId\":\"" + bot + "\"}"));
    return bot;
  }

  /** The spec check of every accepted request, every answer the spec has a schema for, and every webhook sent. */
  void assertContractKept() {
    List<String> violations = new ArrayList<>();
    for (SuncoJournal.Request r : sunco.journal().requests()) {
      String where = r.method() + " " + r.path() + " -> " + r.status() + ": ";
      if (r.status() / 100 == 2) {
        SPEC.checkRequest(r.method(), r.path(), r.query(), r.body()).forEach(v -> violations.add(where + v));
      }
      if (r.status() / 100 == 2 || hasAnswer(r)) {
        SPEC.checkResponse(r.method(), r.path(), r.status(), r.answer()).forEach(v -> violations.add(where + v));
      }
    }
    for (WebhookSender.Delivery d : sunco.deliveries()) {
      SPEC.checkWebhook(d.body()).forEach(v -> violations.add("webhook " + d.event() + ": " + v));
    }
    assertTrue(violations.isEmpty(), String.join("\n", violations));
  }

  private static boolean hasAnswer(SuncoJournal.Request r) {
    return SPEC.checkResponse(r.method(), r.path(), r.status(), r.answer()).stream()
        .noneMatch(v -> v.contains("the spec has no"));
  }

  @Override
  public void close() {
    sandbox.close();
  }
}
