package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.SingleRegistration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * A {@code zendesk_support} connection's activation: the credentials work ({@code GET /users/me}, an admin),
 * Baton's webhook for the connection ({@code baton-<connection>}, found by name or endpoint first, else created),
 * the triggers Baton needs ({@link SupportTriggers}, found by title, created or updated), and the webhook's signing
 * secret learned for checking deliveries. The agent-initiated filter's settings must be usable
 * ({@link AgentInitiatedFilter}), and with {@code agentInitiated.channelConnectionId}, that connection must be a
 * {@code zendesk_sunco} connection of the same tenant (else inactive, saying so). Two instances activating at once may
 * both create a webhook or trigger; each then keeps the lowest id of the same name and deletes the others. One that
 * saw only its own may find it deleted by the other later: it sets up again with the one kept.
 */
final class SupportActivation {
  /** Set-ups begun again because another instance removed the webhook this one was setting up. */
  static final int SETUP_ATTEMPTS = 3;
  /** Zendesk's ids are numbers: the oldest is the lowest. */
  private static final Comparator<JsonNode> BY_ID = Comparator.comparing((JsonNode n) -> n.path("id").asText().length())
      .thenComparing(n -> n.path("id").asText());

  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final String webhookBase;
  private final Supplier<SuncoConversations> sunco;

  SupportActivation(SupportClient client, PlatformCalls calls, SupportAccounts accounts, String webhookBase,
      Supplier<SuncoConversations> sunco) {
    this.sunco = sunco;
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  String webhookUrl(String connection) {
    return webhookBase + "/webhooks/" + SupportWebhooks.NAME + "/" + connection;
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    SupportAccount account;
    AgentInitiatedFilter filter;
    try {
      account = accounts.account(connection, secrets);
      filter = AgentInitiatedFilter.of(account);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String channel = channelRefusal(account);
    if (channel != null) {
      return CompletableFuture.failedFuture(new IllegalStateException(channel));
    }
    return me(account).thenCompose(x -> webhookAndTriggers(account, filter, 1));
  }

  /**
   * The webhook, the triggers that call it, and its signing secret. Another instance activating at the same time may
   * delete the webhook this one found or created (it kept an older one it saw): a step then fails on the missing
   * webhook (the triggers refused, its secret not found), and the whole is done again with the webhook kept.
   */
  private CompletableFuture<Map<String, String>> webhookAndTriggers(SupportAccount account,
      AgentInitiatedFilter filter, int attempt) {
    return step("Baton's webhook", webhook(account)).thenCompose(webhookId -> step("Baton's triggers",
        triggers(account, webhookId, filter))
        .thenCompose(y -> step("the webhook's signing secret", SigningSecrets.read(client, calls, account, webhookId)))
        .thenApply(secret -> {
          if (secret.isEmpty()) {
            throw new IllegalStateException("Zendesk gave no signing secret for Baton's webhook");
          }
          return Map.of(SupportWebhooks.SIGNING_SECRET, secret, SupportWebhooks.WEBHOOK_ID, webhookId);
        })
        .exceptionallyCompose(failure -> attempt >= SETUP_ATTEMPTS
            ? CompletableFuture.failedFuture(failure)
            : stillThere(account, webhookId).exceptionally(e -> true).thenCompose(there -> there
                ? CompletableFuture.failedFuture(failure)
                : webhookAndTriggers(account, filter, attempt + 1))));
  }

  /** The webhook an activation keeps for the connection now (the lowest id of Baton's), if there is one. */
  CompletableFuture<Optional<String>> kept(SupportAccount account) {
    return oursNow(account).thenApply(ids -> ids.stream().findFirst());
  }

  /** Whether Baton's webhook {@code id} is still among the connection's. */
  private CompletableFuture<Boolean> stillThere(SupportAccount account, String id) {
    return oursNow(account).thenApply(ids -> ids.contains(id));
  }

  /** The ids of the connection's webhooks at Zendesk now, lowest first. */
  private CompletableFuture<List<String>> oursNow(SupportAccount account) {
    return listWebhooks(account, "baton-" + account.connection(), webhookUrl(account.connection()))
        .thenApply(found -> found.stream().map(w -> w.path("id").asText()).toList());
  }

  /** Why the agent-initiated channel connection is not this tenant's {@code zendesk_sunco} one; null when it is. */
  private String channelRefusal(SupportAccount account) {
    String channel = account.setting(AgentInitiated.CHANNEL_SETTING, null);
    if (channel == null) {
      return null;
    }
    SuncoConversations s = sunco.get();
    if (s == null) {
      return "the SunCo part of the connector is not running: '" + AgentInitiated.CHANNEL_SETTING
          + "' cannot be checked";
    }
    return AgentInitiated.foreignChannel(channel, accounts.connections().tenant(account.connection()).orElse(null),
        s);
  }

  /** A failed step says which: "Baton's webhook could not be set up: POST /webhooks (...)". */
  private static <T> CompletableFuture<T> step(String what, CompletableFuture<T> step) {
    return step.exceptionallyCompose(e -> CompletableFuture.failedFuture(new IllegalStateException(what
        + " could not be set up: " + SupportClient.unwrap(e).getMessage(), SupportClient.unwrap(e))));
  }

  private CompletableFuture<Void> me(SupportAccount account) {
    return calls.call(account.connection(), "GET /users/me", () -> client.get(account, "/users/me"))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(SupportClient.status(e) == 401
            ? new IllegalStateException("Zendesk refused the credentials (email and API token): "
                + SupportClient.unwrap(e).getMessage())
            : SupportClient.unwrap(e)))
        .thenAccept(r -> {
          JsonNode user = r.path("user");
          String role = user.path("role").asText("");
          if (user.path("id").isNull() || user.path("id").isMissingNode()) {
            throw new IllegalStateException("Zendesk did not authenticate the API user (anonymous): check email and "
                + "API token");
          }
          if (!role.equals("admin")) {
            // Webhooks, triggers and groups are managed by admins only (an agent's token gets 403 there).
            throw new IllegalStateException("the API user " + user.path("email").asText("") + " is "
                + (role.isEmpty() ? "of no role" : "a(n) " + role) + ": Baton's webhook and triggers need an admin");
          }
        });
  }

  /** The webhook's id: found by name or endpoint, else created; duplicates from a concurrent activation removed. */
  private CompletableFuture<String> webhook(SupportAccount account) {
    String connection = account.connection();
    String name = "baton-" + connection;
    String url = webhookUrl(connection);
    return listWebhooks(account, name, url).thenCompose(found -> {
      if (!found.isEmpty()) {
        return keepOldest(account, found, url);
      }
      Map<String, Object> webhook = new LinkedHashMap<>();
      webhook.put("name", name);
      webhook.put("endpoint", url);
      webhook.put("http_method", "POST");
      webhook.put("request_format", "json");
      webhook.put("status", "active");
      webhook.put("subscriptions", List.of("conditional_ticket_events"));
      return calls.call(connection, "POST /webhooks",
          () -> client.call(account, "POST", "/webhooks", Map.of("webhook", webhook)))
          .thenCompose(created -> listWebhooks(account, name, url))
          .thenCompose(again -> keepOldest(account, again, url));
    });
  }

  private CompletableFuture<List<JsonNode>> listWebhooks(SupportAccount account, String name, String url) {
    return calls.call(account.connection(), "GET /webhooks", () -> client.get(account,
        "/webhooks?filter%5Bname_contains%5D=" + SupportClient.query(name))).thenApply(r -> {
          List<JsonNode> ours = new ArrayList<>();
          for (JsonNode w : r.path("webhooks")) {
            if (name.equals(w.path("name").asText()) || url.equals(w.path("endpoint").asText())) {
              ours.add(w);
            }
          }
          ours.sort(BY_ID);
          return ours;
        });
  }

  private CompletableFuture<String> keepOldest(SupportAccount account, List<JsonNode> found, String url) {
    return SingleRegistration.keepFirst(found, extra -> delete(account, "/webhooks/" + extra.path("id").asText()),
        "no webhook of the connection is listed").thenCompose(kept -> {
          String id = kept.path("id").asText();
          if (url.equals(kept.path("endpoint").asText()) && "active".equals(kept.path("status").asText("active"))) {
            return CompletableFuture.completedFuture(id);
          }
          // Ours, from an earlier public URL, or switched off by hand: it points here again.
          return calls.call(account.connection(), "PATCH /webhooks/{id}", () -> client.call(account, "PATCH",
              "/webhooks/" + id, Map.of("webhook", Map.of("endpoint", url, "status", "active")))).thenApply(x -> id);
        });
  }

  private CompletableFuture<Void> triggers(SupportAccount account, String webhookId, AgentInitiatedFilter filter) {
    List<SupportTriggers.Wanted> wanted = SupportTriggers.of(account.connection(), filter);
    return listTriggers(account, "/triggers").thenCompose(existing -> {
      List<CompletableFuture<?>> steps = new ArrayList<>();
      for (SupportTriggers.Wanted w : wanted) {
        List<JsonNode> same = existing.stream().filter(t -> w.title().equals(t.path("title").asText()))
            .sorted(BY_ID).toList();
        steps.add(trigger(account, webhookId, w, same));
      }
      return CompletableFuture.allOf(steps.toArray(CompletableFuture[]::new));
    });
  }

  private CompletableFuture<Void> trigger(SupportAccount account, String webhookId, SupportTriggers.Wanted w,
      List<JsonNode> same) {
    String connection = account.connection();
    Map<String, Object> trigger = w.trigger(webhookId);
    if (same.isEmpty()) {
      return calls.call(connection, "POST /triggers",
          () -> client.call(account, "POST", "/triggers", Map.of("trigger", trigger)))
          .thenCompose(created -> listTriggers(account, "/triggers"))
          .thenCompose(all -> {
            List<JsonNode> now = all.stream().filter(t -> w.title().equals(t.path("title").asText()))
                .sorted(BY_ID).toList();
            return removeExtra(account, now);
          });
    }
    JsonNode kept = same.get(0);
    JsonNode want = SupportClient.JSON.valueToTree(trigger);
    boolean current = want.path("conditions").equals(kept.path("conditions"))
        && want.path("actions").equals(kept.path("actions")) && kept.path("active").asBoolean(true);
    CompletableFuture<?> update = current ? CompletableFuture.completedFuture(null)
        : calls.call(connection, "PUT /triggers/{id}", () -> client.call(account, "PUT",
            "/triggers/" + kept.path("id").asText(), Map.of("trigger", trigger)));
    return update.thenCompose(x -> removeExtra(account, same));
  }

  private CompletableFuture<Void> removeExtra(SupportAccount account, List<JsonNode> same) {
    if (same.isEmpty()) {
      return CompletableFuture.completedFuture(null);
    }
    return SingleRegistration.keepFirst(same, extra -> delete(account, "/triggers/" + extra.path("id").asText()),
        "no trigger listed").thenApply(kept -> null);
  }

  /** Every trigger of the account, page after page ({@code next_page}). */
  private CompletableFuture<List<JsonNode>> listTriggers(SupportAccount account, String path) {
    return calls.call(account.connection(), "GET /triggers", () -> client.get(account, path)).thenCompose(r -> {
      List<JsonNode> all = new ArrayList<>();
      r.path("triggers").forEach(all::add);
      String next = r.path("next_page").asText("");
      int at = next.indexOf("/api/v2/");
      if (next.isEmpty() || at < 0) {
        return CompletableFuture.completedFuture(all);
      }
      return listTriggers(account, next.substring(at + "/api/v2".length())).thenApply(more -> {
        all.addAll(more);
        return all;
      });
    });
  }

  /** A delete that found nothing (another instance deleted it first) is done too. */
  private CompletableFuture<Void> delete(SupportAccount account, String path) {
    return calls.call(account.connection(), "DELETE " + path.replaceAll("/\\d+$", "/{id}"),
        () -> client.call(account, "DELETE", path, null)).<Void>thenApply(x -> null)
        .exceptionallyCompose(e -> SupportClient.status(e) == 404 ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(SupportClient.unwrap(e)));
  }
}
