package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Map;

/**
 * The demo tenant's connections, written as an administrator writes them: through the ingress API with the tenant's
 * key, at every start of the local stack (the connections live in Kafka under {@code .baton/}, so most starts find
 * them already there); and the calls the demo's setup makes at the sandbox, which lives in a process of its own.
 */
final class DemoConnections {
  private static final ObjectMapper JSON = new ObjectMapper();

  private final HttpClient http = HttpClient.newHttpClient();
  private final String ingressUrl;
  private final String botKey;

  /**
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  DemoConnections(String ingressUrl, String botKey) {
    this.ingressUrl = ingressUrl;
    this.botKey = botKey;
  }

  /** The connection with a fixed id: created, or (409: it exists) the settings set here put right when they differ. */
  void put(String id, String platform, String name, Map<String, String> settings, Map<String, String> secrets) {
    put(id, platform, name, settings, secrets, false);
  }

  /**
   * As {@link #put}, for secrets that are new at every start (the sandbox's fresh key pair): an existing connection
   * is given them again, with its settings put right. The ingress never shows secrets, so they cannot be compared.
   */
  void putRenewingSecrets(String id, String platform, String name, Map<String, String> settings,
      Map<String, String> secrets) {
    put(id, platform, name, settings, secrets, true);
  }

  private void put(String id, String platform, String name, Map<String, String> settings, Map<String, String> secrets,
      boolean renewSecrets) {
    ObjectNode body = JSON.createObjectNode().put("connectionId", id).put("platform", platform).put("name", name);
    body.set("settings", JSON.valueToTree(settings));
    body.set("secrets", JSON.valueToTree(secrets));
    HttpResponse<String> created = send(ingress("/v1/connections").POST(body(body)));
    if (created.statusCode() == 201) {
      return;
    }
    if (created.statusCode() != 409) {
      throw refused("POST /v1/connections " + id, created);
    }
    HttpResponse<String> existing = send(ingress("/v1/connections/" + id).GET());
    if (existing.statusCode() != 200) {
      throw refused("GET /v1/connections/" + id, existing);
    }
    ObjectNode current = (ObjectNode) read(existing.body()).path("settings");
    ObjectNode wanted = current.deepCopy().setAll((ObjectNode) JSON.valueToTree(settings));
    if (renewSecrets || !wanted.equals(current)) {
      // E.g. the sandbox started empty and its integration has a new id. Settings added by hand are kept.
      ObjectNode patch = JSON.createObjectNode().set("settings", wanted);
      if (renewSecrets) {
        patch.set("secrets", JSON.valueToTree(secrets));
      }
      HttpResponse<String> updated = send(ingress("/v1/connections/" + id).method("PATCH", body(patch)));
      if (updated.statusCode() != 200) {
        throw refused("PATCH /v1/connections/" + id, updated);
      }
    }
  }

  /**
   * A call to the sandbox (or a helpdesk's API) with that {@code Authorization}: its JSON answer, or an
   * {@link IllegalStateException} naming the call when it is not 2xx.
   */
  JsonNode call(String method, String url, String authorization, JsonNode body) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(url)).header("Authorization", authorization)
        .header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body(body)));
    if (r.statusCode() / 100 != 2) {
      throw refused(method + " " + url, r);
    }
    return read(r.body());
  }

  /** The element of {@code items} whose {@code field} is {@code name} (any case). */
  static java.util.Optional<JsonNode> named(JsonNode items, String field, String name) {
    for (JsonNode item : items) {
      if (name.equalsIgnoreCase(item.at(field).asText())) {
        return java.util.Optional.of(item);
      }
    }
    return java.util.Optional.empty();
  }

  private HttpRequest.Builder ingress(String path) {
    return HttpRequest.newBuilder(URI.create(ingressUrl + path)).header("Authorization", "Bearer " + botKey)
        .header("Content-Type", "application/json");
  }

  static HttpRequest.BodyPublisher body(JsonNode json) {
    return HttpRequest.BodyPublishers.ofString(json.toString());
  }

  /** One call; a broken connection or an interrupt is an {@link IllegalStateException} (the setup is skipped). */
  HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("setting up the demo tenant: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up the demo tenant", e);
    }
  }

  static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  static IllegalStateException refused(String call, HttpResponse<String> r) {
    return new IllegalStateException("setting up the demo tenant: " + call + " answered " + r.statusCode() + ": "
        + r.body());
  }
}
