package io.baton.connector.misc.kustomer;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Agents' names (webhooks name users by id only): {@code GET /v1/users/{id}}, its {@code displayName} (else
 * {@code name}), remembered per connection. A user that cannot be read is named "Agent" this once, not remembered.
 */
final class KustomerAgents {
  static final String UNKNOWN = "Agent";

  private final Map<String, String> names = new ConcurrentHashMap<>();

  CompletableFuture<String> name(KustomerHandoff.Api api, String userId) {
    String key = api.connection() + "/" + userId;
    String known = names.get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return api.call("GET", "/v1/users/" + userId, "/v1/users/{id}", null).handle((r, e) -> {
      if (e != null) {
        return UNKNOWN;
      }
      var a = r.path("data").path("attributes");
      String name = a.path("displayName").asText("");
      name = name.isBlank() ? a.path("name").asText("") : name;
      if (name.isBlank()) {
        return UNKNOWN;
      }
      names.put(key, name);
      return name;
    });
  }
}
