package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * A bot's skill is a Zendesk group by name ({@code GET /api/v2/groups}, page by page); a missing one is created
 * ({@code POST /api/v2/groups}). Two handovers creating the same group at once: the loser's 422 is answered by
 * looking it up again.
 */
final class SuncoGroups {
  private final SuncoClient client;
  private final PlatformCalls calls;

  SuncoGroups(SuncoClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<String> findOrCreate(SuncoAccount account, String name) {
    return find(account, name, 1).thenCompose(found -> found.isPresent()
        ? CompletableFuture.completedFuture(found.get())
        : calls.call(account.connection(), "POST /api/v2/groups", () -> client.support(account, "POST",
            "/api/v2/groups", Map.of("group", Map.of("name", name))))
            .thenApply(r -> r.path("group").path("id").asText())
            .exceptionallyCompose(e -> SuncoClient.status(e, 422)
                ? find(account, name, 1).thenApply(again -> again.orElseThrow(() -> new IllegalStateException(
                    "Zendesk refused to create the group '" + name + "': " + SuncoClient.unwrap(e).getMessage())))
                : CompletableFuture.failedFuture(SuncoClient.unwrap(e))));
  }

  private CompletableFuture<Optional<String>> find(SuncoAccount account, String name, int page) {
    return calls.call(account.connection(), "GET /api/v2/groups", () -> client.support(account, "GET",
        "/api/v2/groups?page=" + page, null)).thenCompose(r -> {
          for (JsonNode g : r.path("groups")) {
            if (name.equals(g.path("name").asText()) && !g.path("deleted").asBoolean(false)) {
              return CompletableFuture.completedFuture(Optional.of(g.path("id").asText()));
            }
          }
          return r.path("next_page").isTextual() && page < 100 ? find(account, name, page + 1)
              : CompletableFuture.completedFuture(Optional.<String>empty());
        });
  }
}
