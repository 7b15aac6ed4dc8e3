package io.baton.connector.chat2desk.handover;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chat2desk.Chat2DeskClient;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A company's operators and operator groups, read from Chat2Desk when a handover chooses who gets the dialog; their
 * names are kept per connection, since a webhook names an operator only by id ({@link #name} reads the list again
 * for one it does not know yet).
 */
final class Chat2DeskOperators {
  /** Chat2Desk's largest page. */
  static final int PAGE = 200;
  /** Pages read at most (40,000 operators): a company is far smaller; a wrong {@code meta.total} must not loop. */
  static final int MAX_PAGES = 200;

  private final Chat2DeskClient client;
  private final PlatformCalls calls;
  private final Map<String, Map<String, String>> names = new ConcurrentHashMap<>();

  Chat2DeskOperators(Chat2DeskClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** Every operator of the company (online or not), page by page; their names are remembered. */
  CompletableFuture<List<Chat2DeskOperator>> all(String connection, String token) {
    return page(connection, token, 0, new ArrayList<>()).thenApply(operators -> {
      Map<String, String> known = names.computeIfAbsent(connection, c -> new ConcurrentHashMap<>());
      operators.forEach(o -> known.put(o.id(), o.name()));
      return operators;
    });
  }

  private CompletableFuture<List<Chat2DeskOperator>> page(String connection, String token, int page,
      List<Chat2DeskOperator> read) {
    String path = "/operators?limit=" + PAGE + "&offset=" + page * PAGE;
    return calls.call(connection, "GET /operators", () -> client.call(token, "GET", path, null)).thenCompose(answer -> {
      JsonNode data = answer.path("data");
      data.forEach(o -> read.add(Chat2DeskOperator.of(o)));
      int total = answer.path("meta").path("total").asInt(read.size());
      boolean more = data.size() == PAGE && read.size() < total && page + 1 < MAX_PAGES;
      return more ? page(connection, token, page + 1, read) : CompletableFuture.completedFuture(read);
    });
  }

  /**
   * The operator's name: remembered, else read again; an operator Chat2Desk does not list is named by id, and that
   * name is remembered too, so its next events do not read the whole list again.
   */
  CompletableFuture<String> name(String connection, String token, String operatorId) {
    String known = names.getOrDefault(connection, Map.of()).get(operatorId);
    if (known != null) {
      return CompletableFuture.completedFuture(known);
    }
    return all(connection, token).thenApply(operators -> names.get(connection)
        .computeIfAbsent(operatorId, id -> "Operator " + id));
  }

  /** The operator groups: group id -> its members' ids [guess: {@code [{id, name, operator_ids}]}]. */
  CompletableFuture<Map<String, Set<String>>> groups(String connection, String token) {
    return calls.call(connection, "GET /operators_groups", () -> client.data(token, "GET", "/operators_groups", null))
        .thenApply(data -> {
          Map<String, Set<String>> groups = new LinkedHashMap<>();
          for (JsonNode group : data) {
            Set<String> members = new HashSet<>();
            group.path("operator_ids").forEach(id -> members.add(id.asText()));
            groups.put(group.path("id").asText(), members);
          }
          return groups;
        });
  }
}
