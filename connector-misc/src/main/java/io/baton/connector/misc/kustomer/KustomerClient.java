package io.baton.connector.misc.kustomer;

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
 * Kustomer's API over HTTP ({@code /v1} core, {@code /v2.1} chat) at a connection's API URL, with its API key as
 * bearer: one request, its JSON answer, or a {@link KustomerCallFailed} carrying the JSON:API error's {@code code}
 * and detail, never the key.
 */
final class KustomerClient implements AutoCloseable {
  static final ObjectMapper JSON = new ObjectMapper();

  private final PlatformHttp threads;
  private final Duration timeout;

  KustomerClient(Duration timeout) {
    this.threads = new PlatformHttp("kustomer-http", 2);
    this.timeout = timeout;
  }

  /** Kustomer refused a call with this error code ({@code not_found}, {@code customer_rate_limit}, ...). */
  static boolean refusedWith(Throwable e, String code) {
    return PlatformCalls.cause(e) instanceof KustomerCallFailed f && code.equals(f.code());
  }

  static boolean status(Throwable e, int status) {
    return PlatformCalls.cause(e) instanceof PlatformCallFailed f && f.status() == status;
  }

  static String reason(Throwable e) {
    Throwable cause = PlatformCalls.cause(e);
    return cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
  }

  static String query(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  /**
   * @param path the path under the API URL; {@code what} is how the call is named in errors (no ids, no query)
   */
  CompletableFuture<JsonNode> call(String apiUrl, String apiKey, String method, String path, String what,
      Object body) {
    String json;
    try {
      json = body == null ? null : JSON.writeValueAsString(body);
    } catch (IOException e) {
      return CompletableFuture.failedFuture(e);
    }
    HttpRequest request;
    try {
      request = HttpRequest.newBuilder(URI.create(apiUrl + path)).timeout(timeout)
          .header("Authorization", "Bearer " + apiKey).header("Accept", "application/json")
          .header("Content-Type", "application/json")
          .method(method, json == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(json))
          .build();
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("not a usable Kustomer API URL: " + apiUrl));
    }
    return threads.json(request, method + " " + what, KustomerCallFailed::of);
  }

  @Override
  public void close() {
    threads.close();
  }

  /** A JSON:API error answer: {@code {"errors":[{status, code, title, detail, source:{pointer}}]}}. */
  static final class KustomerCallFailed extends PlatformCallFailed {
    private final String code;

    KustomerCallFailed(String call, int status, Duration retryAfter, String code, String message) {
      super(call, status, retryAfter, message);
      this.code = code;
    }

    static KustomerCallFailed of(String call, int status, Duration retryAfter, String body) {
      String code = "";
      String message = "";
      try {
        JsonNode error = JSON.readTree(body).path("errors").path(0);
        code = error.path("code").asText("");
        String detail = error.path("detail").asText(error.path("title").asText(""));
        String pointer = error.path("source").path("pointer").asText("");
        message = code + (detail.isEmpty() ? "" : ": " + detail) + (pointer.isEmpty() ? "" : " at " + pointer);
      } catch (IOException | RuntimeException e) {
        // not JSON:API (a proxy's page): the status says enough
      }
      return new KustomerCallFailed(call, status, retryAfter, code,
          message.length() > 200 ? message.substring(0, 200) : message);
    }

    String code() {
      return code;
    }
  }
}
