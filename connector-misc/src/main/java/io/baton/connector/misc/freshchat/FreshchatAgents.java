package io.baton.connector.misc.freshchat;

import io.baton.connector.calls.PlatformCalls;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Agents' names: Freshchat's events name an agent by id only, so the name is read once ({@code GET /agents/{id}})
 * and remembered per connection. The visitor is shown the agent's first name, as Freshchat's own messenger shows
 * agents (the last name only when there is no first). An agent Freshchat cannot show (deleted, or the read keeps failing) is "Agent":
 * the event is still relayed rather than held back.
 */
final class FreshchatAgents {
  private static final Logger log = LoggerFactory.getLogger(FreshchatAgents.class);
  static final String UNKNOWN = "Agent";
  /** Names remembered at most; past that the memory starts again (agents are few, this only bounds it). */
  static final int REMEMBERED = 10_000;

  private final FreshchatClient client;
  private final PlatformCalls calls;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  FreshchatAgents(FreshchatClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<String> name(FreshchatAccount account, String agentId) {
    String key = account.connection() + "/" + agentId;
    String known = names.get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return calls.call(account.connection(), "GET /agents/{id}", () -> client.call(account, "GET",
        "/agents/" + FreshchatClient.query(agentId), null)).thenApply(agent -> {
          String name = agent.path("first_name").asText("").trim();
          if (name.isEmpty()) {
            name = (agent.path("last_name").asText("")).trim();
          }
          if (name.isEmpty()) {
            name = UNKNOWN;
          }
          if (names.size() >= REMEMBERED) {
            names.clear();
          }
          names.put(key, name);
          return name;
        }).exceptionally(e -> {
          log.warn("Freshchat agent {} of connection {}: no name ({})", agentId, account.connection(),
              FreshchatClient.unwrap(e).getMessage());
          return UNKNOWN;
        });
  }
}
