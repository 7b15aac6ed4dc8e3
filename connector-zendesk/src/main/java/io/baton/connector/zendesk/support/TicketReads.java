package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What Baton reads of a ticket: the ticket, its comments page after page, and the names of their authors (kept once
 * read).
 */
final class TicketReads {
  private final SupportClient client;
  private final PlatformCalls calls;
  private final Map<String, String> names = new ConcurrentHashMap<>();

  TicketReads(SupportClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** A ticket and all its comments, as read now. */
  record Fetched(JsonNode ticket, List<JsonNode> comments) {}

  /** The ticket and all its comments. */
  CompletableFuture<Fetched> ticket(SupportAccount account, long ticketId) {
    return calls.call(account.connection(), "GET /tickets/{id}", () -> client.get(account, "/tickets/" + ticketId))
        .thenCompose(r -> comments(account, ticketId).thenApply(all -> new Fetched(r.path("ticket"), all)));
  }

  /** Every comment of the ticket, oldest first. */
  CompletableFuture<List<JsonNode>> comments(SupportAccount account, long ticketId) {
    return page(account, "/tickets/" + ticketId + "/comments", new ArrayList<>());
  }

  private CompletableFuture<List<JsonNode>> page(SupportAccount account, String path, List<JsonNode> all) {
    return calls.call(account.connection(), "GET /tickets/{id}/comments", () -> client.get(account, path))
        .thenCompose(r -> {
          r.path("comments").forEach(all::add);
          String next = r.path("next_page").asText("");
          int at = next.indexOf("/api/v2/");
          return next.isEmpty() || at < 0 || r.path("comments").isEmpty() ? CompletableFuture.completedFuture(all)
              : page(account, next.substring(at + "/api/v2".length()), all);
        });
  }

  /** A user's name (an agent's, shown with their messages). */
  CompletableFuture<String> name(SupportAccount account, long userId) {
    String key = account.connection() + "/" + userId;
    String known = names.get(key);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return calls.call(account.connection(), "GET /users/{id}", () -> client.get(account, "/users/" + userId))
        .thenApply(r -> {
          String n = r.path("user").path("name").asText("Agent");
          names.put(key, n);
          return n;
        })
        // A deleted user's comments stay on the ticket: they are relayed without a name rather than held back.
        .exceptionally(e -> {
          if (SupportClient.status(e) == 404) {
            return "Agent";
          }
          throw new java.util.concurrent.CompletionException(SupportClient.unwrap(e));
        });
  }
}
