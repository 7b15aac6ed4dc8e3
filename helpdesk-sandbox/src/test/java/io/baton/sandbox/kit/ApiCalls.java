package io.baton.sandbox.kit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** The calls a simulator's tests make to its API and sandbox routes, and the JSON they send and read. */
public final class ApiCalls {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private ApiCalls() {}

  /** A request with an optional JSON body and {@code Authorization} header (null: none); the answer. */
  public static HttpResponse<String> send(String method, String url, String body, String authorization) {
    Map<String, String> headers = new LinkedHashMap<>();
    if (authorization != null) {
      headers.put("Authorization", authorization);
    }
    if (body != null) {
      headers.put("Content-Type", "application/json");
    }
    return sendWith(method, url, body, headers);
  }

  /** A request with an optional body and exactly these headers; the answer. */
  public static HttpResponse<String> sendWith(String method, String url, String body, Map<String, String> headers) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    headers.forEach(b::header);
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The answer's JSON body; an assertion failure when it is not JSON. */
  public static com.fasterxml.jackson.databind.JsonNode read(HttpResponse<String> response) {
    try {
      return WebhookReceiver.JSON.readTree(response.body());
    } catch (IOException e) {
      throw new AssertionError("not JSON: " + response.body(), e);
    }
  }

  public static String json(Object value) {
    try {
      return WebhookReceiver.JSON.writeValueAsString(value);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
