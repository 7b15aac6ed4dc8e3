package io.baton.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

/**
 * A small HTTP client for the ingress under test (java.net.http, HTTP/1.1). Every answer is checked against the
 * served OpenAPI document ({@link ApiContract}): one the document does not describe fails the test.
 */
final class TestClient {
  static final ObjectMapper JSON = new ObjectMapper();
  final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
      .connectTimeout(Duration.ofSeconds(5)).build();
  final String base;
  private final boolean authenticate;

  /** Sends the bot key of the tenant in X-Baton-Tenant (else demo's) unless a request has its own Authorization. */
  TestClient(int port) {
    this(port, true);
  }

  TestClient(int port, boolean authenticate) {
    this.base = "http://localhost:" + port;
    this.authenticate = authenticate;
  }

  /** A client that sends no credential of its own. */
  static TestClient anonymous(int port) {
    return new TestClient(port, false);
  }

  String[] withAuth(String... headers) {
    if (!authenticate) {
      return headers;
    }
    String tenant = "demo";
    for (int i = 0; i < headers.length; i += 2) {
      if (headers[i].equalsIgnoreCase("Authorization")) {
        return headers;
      }
      if (headers[i].equalsIgnoreCase("X-Baton-Tenant") && TestKeys.TENANTS.contains(headers[i + 1])) {
        tenant = headers[i + 1];
      }
    }
    String[] all = java.util.Arrays.copyOf(headers, headers.length + 2);
    all[headers.length] = "Authorization";
    all[headers.length + 1] = "Bearer " + TestKeys.bot(tenant);
    return all;
  }

  record Response(int status, HttpHeaders headers, String body) {
    String contentType() {
      return headers.firstValue("Content-Type").orElse(null);
    }

    JsonNode json() {
      try {
        return JSON.readTree(body);
      } catch (IOException e) {
        throw new AssertionError("not JSON: " + body, e);
      }
    }
  }

  Response postJson(String path, String body, String... headers) {
    String[] all = new String[headers.length + 2];
    all[0] = "Content-Type";
    all[1] = "application/json";
    System.arraycopy(headers, 0, all, 2, headers.length);
    return send("POST", path, HttpRequest.BodyPublishers.ofString(body), all);
  }

  Response get(String path, String... headers) {
    return send("GET", path, HttpRequest.BodyPublishers.noBody(), headers);
  }

  /** A body without Content-Length (chunked), to check the limit applies to what is read. */
  static HttpRequest.BodyPublisher chunked(String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(bytes));
  }

  Response send(String method, String path, HttpRequest.BodyPublisher body, String... given) {
    String[] headers = withAuth(given);
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
        .method(method, body);
    for (int i = 0; i < headers.length; i += 2) {
      b.header(headers[i], headers[i + 1]);
    }
    try {
      HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
      List<String> violations = ApiContract.responseViolations(method, path, r.statusCode(), r.headers(), r.body());
      if (!violations.isEmpty()) {
        throw new AssertionError("the answer to " + method + " " + path + " (" + r.statusCode() + " " + r.body()
            + ") breaks the OpenAPI document: " + violations);
      }
      return new Response(r.statusCode(), r.headers(), r.body());
    } catch (IOException e) {
      throw new AssertionError(method + " " + path + " failed", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
  }
}
