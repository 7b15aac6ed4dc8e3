package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' names: a ticket names its assignee and a message its sender, usually with a name; when Gorgias gives only
 * the id, the name is read once ({@code GET /users/{id}}) and remembered per connection. An agent Gorgias cannot show
 * is "Agent": the event is still relayed rather than held back. The visitor sees first names unless the
 * connection's {@code agentNames} is {@code full}.
 */
final class GorgiasAgents {
  private static final Logger log = LoggerFactory.getLogger(GorgiasAgents.class);
  static final String UNKNOWN = "Agent";
  /** Names remembered at most; past that the memory starts again (agents are few, this only bounds it). */
  static final int REMEMBERED = 10_000;

  private final GorgiasClient client;
  private final PlatformCalls calls;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  GorgiasAgents(GorgiasClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /**
   * The name a user object carries as the visitor is shown it: the first name (as chat widgets show agents [guess]),
   * or with {@code full} the full name; each falls back on the other; null when the object has none.
   */
  static String nameOf(JsonNode user, boolean full) {
    String whole = user.path("name").asText("").trim();
    if (whole.isEmpty()) {
      whole = (user.path("firstname").asText("") + " " + user.path("lastname").asText("")).trim();
    }
    String first = user.path("firstname").asText("").trim();
    if (first.isEmpty() && !whole.isEmpty()) {
      first = whole.split("\\s+")[0];
    }
    String name = full ? whole : first;
    return name.isEmpty() ? null : name;
  }

  CompletableFuture<String> name(GorgiasAccount account, String userId) {
    String key = account.connection() + "/" + userId;
    String known = names.get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return calls.call(account.connection(), "GET /users/{id}", () -> client.call(account, "GET",
        "/users/" + GorgiasClient.query(userId), "GET /users/{id}", null)).thenApply(user -> {
          String name = nameOf(user, account.settings().fullNames());
          if (names.size() >= REMEMBERED) {
            names.clear();
          }
          names.put(key, name == null ? UNKNOWN : name);
          return name == null ? UNKNOWN : name;
        }).exceptionally(e -> {
          log.warn("Gorgias user {} of connection {}: no name ({})", userId, account.connection(),
              GorgiasClient.reason(e));
          return UNKNOWN;
        });
  }
}
