package io.baton.connector.zendesk.sunco;

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
 * Sunshine Conversations v2 ({@code <base>/sc/v2/...}) and the few Zendesk Support calls the handover needs
 * ({@code <base>/api/v2/...}) over HTTP, where the base is {@code https://<domain>} or the configured API URL. An
 * error carries Zendesk's code and title, never a credential.
 */
public final class SuncoClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final String apiUrl;
  private final Duration timeout;

  /** @param apiUrl where every call goes instead of {@code https://<domain>}; null for Zendesk itself */
  public SuncoClient(String apiUrl, Duration timeout) {
    this.threads = new PlatformHttp("sunco-http", 2);
    this.apiUrl = apiUrl;
    this.timeout = timeout;
  }

  /** A Zendesk error answer: its status, code ({@code conversation_not_found}, ...) and title. */
  public static final class SuncoCallFailed extends PlatformCallFailed {
    private final String code;
    private final String title;

    SuncoCallFailed(String call, int status, Duration retryAfter, String code, String title) {
      super(call, status, retryAfter,
          title.isEmpty() ? "" : (code.isEmpty() || code.equals(title) ? "" : code + ": ") + title);
      this.code = code;
      this.title = title;
    }

    public String code() {
      return code;
    }

    public String title() {
      return title;
    }
  }

  static Throwable unwrap(Throwable e) {
    return PlatformCalls.cause(e);
  }

  /** The call failed with this status (after retries). */
  static boolean status(Throwable e, int status) {
    return unwrap(e) instanceof SuncoCallFailed f && f.status() == status;
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  private String base(SuncoAccount account) {
    return apiUrl != null ? apiUrl : "https://" + account.settings().domain();
  }

  /** A SunCo call; {@code path} starts with {@code /v2/}. */
  public CompletableFuture<JsonNode> sunco(SuncoAccount account, String method, String path, Object body) {
    return send(base(account) + "/sc" + path, account.suncoAuthorization(), method, path, body);
  }

  /** A Support call; {@code path} starts with {@code /api/v2/}. */
  public CompletableFuture<JsonNode> support(SuncoAccount account, String method, String path, Object body) {
    return send(base(account) + path, account.supportAuthorization(), method, path, body);
  }

  private CompletableFuture<JsonNode> send(String url, String authorization, String method, String path,
      Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url)).timeout(timeout)
        .header("Authorization", authorization).header("Accept", "application/json")
        .method(method, json == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json));
    if (json != null) {
      request.header("Content-Type", "application/json");
    }
    return threads.json(request.build(), method + " " + path.replaceAll("\\?.*", ""),
        (call, status, retryAfter, answer) -> {
          JsonNode error = errorOf(answer);
          return new SuncoCallFailed(call, status, retryAfter, error.path("code").asText(""),
              error.path("title").asText(""));
        });
  }

  /** SunCo's {@code {errors:[{code,title}]}} or Support's {@code {error, description}}, as code and title. */
  private static JsonNode errorOf(String body) {
    try {
      JsonNode json = JSON.readTree(body);
      if (json != null && json.path("errors").isArray() && json.path("errors").size() > 0) {
        return json.path("errors").get(0);
      }
      if (json != null && json.has("error")) {
        String code = json.path("error").isTextual() ? json.path("error").asText()
            : json.path("error").path("title").asText("");
        String title = json.path("description").asText(json.path("error").path("message").asText(code));
        return JSON.createObjectNode().put("code", code).put("title", cut(title));
      }
    } catch (IOException | RuntimeException e) {
      // not JSON: no detail
    }
    return JSON.createObjectNode();
  }

  private static String cut(String s) {
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  @Override
  public void close() {
    threads.close();
  }
}
