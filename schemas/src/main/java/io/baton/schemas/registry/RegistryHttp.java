package io.baton.schemas.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Confluent's REST API as JSON in and out; a transport failure, 5xx, 401 or 403 is the registry being unavailable. */
final class RegistryHttp {
  static final ObjectMapper JSON = new ObjectMapper();
  private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

  private final SchemaRegistrySettings settings;
  private final Duration requestTimeout;
  private final HttpClient http;

  /** A reply the registry gave: 2xx, or one of its documented 4xx errors with {@code error_code}. */
  record Reply(int status, JsonNode body) {
    boolean ok() {
      return status / 100 == 2;
    }

    int errorCode() {
      return body.path("error_code").asInt(status);
    }

    String message() {
      return body.path("message").asText("HTTP " + status);
    }
  }

  RegistryHttp(SchemaRegistrySettings settings, Duration requestTimeout) {
    this.settings = settings;
    this.requestTimeout = requestTimeout;
    this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(requestTimeout).build();
  }

  SchemaRegistrySettings settings() {
    return settings;
  }

  Reply get(String path) {
    return send(request(path).GET());
  }

  Reply put(String path, Object body) {
    return send(request(path).PUT(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  Reply post(String path, Object body) {
    return send(request(path).POST(HttpRequest.BodyPublishers.ofString(json(body))));
  }

  private HttpRequest.Builder request(String path) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(settings.url() + path)).timeout(requestTimeout)
        .header("Accept", CONTENT_TYPE).header("Content-Type", CONTENT_TYPE);
    String authorization = settings.authorization();
    return authorization == null ? b : b.header("Authorization", authorization);
  }

  private Reply send(HttpRequest.Builder builder) {
    HttpRequest request = builder.build();
    String what = request.method() + " " + request.uri().getPath();
    HttpResponse<String> response;
    try {
      response = http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new SchemaRegistryUnavailableException("schema registry " + settings.url() + " did not answer " + what
          + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SchemaRegistryUnavailableException("interrupted while asking the schema registry " + what, e);
    }
    int status = response.statusCode();
    JsonNode body = parse(response.body());
    Reply reply = new Reply(status, body);
    if (status >= 500 || status == 401 || status == 403) {
      throw new SchemaRegistryUnavailableException("schema registry " + settings.url() + " answered " + what
          + " with " + status + " (" + reply.message() + ")");
    }
    return reply;
  }

  private static JsonNode parse(String body) {
    try {
      return body == null || body.isBlank() ? NullNode.getInstance() : JSON.readTree(body);
    } catch (IOException e) {
      return NullNode.getInstance();
    }
  }

  private static String json(Object body) {
    try {
      return JSON.writeValueAsString(body);
    } catch (IOException e) {
      throw new IllegalArgumentException(e);
    }
  }
}
