package io.baton.connector.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.SingleRegistration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * A Dixa connection's activation: its webhook subscription ({@code baton-<connection>}, the events Baton relays, the
 * URL of this connector), found or created, and its secret key learned for checking signatures. One with the same URL
 * is reused (every instance activates the same connection and finds the one subscription), one of ours with an old
 * URL deleted.
 */
final class DixaSubscription {
  static final List<String> EVENTS = List.of("CONVERSATION_ASSIGNED", "CONVERSATION_UNASSIGNED",
      "CONVERSATION_MESSAGE_ADDED", "TYPING_STARTED", "CONVERSATION_CLOSED", "CONVERSATION_ABANDONED");

  private final DixaClient client;
  private final PlatformCalls calls;
  private final String webhookBase;

  /** @param webhookBase where Dixa reaches the connector's webhook server, e.g. {@code https://baton.example.com} */
  DixaSubscription(DixaClient client, PlatformCalls calls, String webhookBase) {
    this.client = client;
    this.calls = calls;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  /** The URL Dixa posts a connection's events to. */
  String webhookUrl(String connection) {
    return webhookBase + "/webhooks/dixa/" + connection;
  }

  /**
   * After creating: instances that activated the connection at the same moment each found none and each created one.
   * Every instance keeps the oldest, the first listed (Dixa lists subscriptions in the order they were made; its ids
   * are random, so the smallest would not be the same choice for an instance that listed before another created),
   * and deletes the others, so Dixa delivers each event once and every instance checks it with the same key.
   */
  private CompletableFuture<JsonNode> settle(String connection, String token, String url) {
    return calls.call(connection, "GET /webhooks", () -> client.call(token, "GET", "/webhooks", null))
        .thenCompose(list -> {
          List<JsonNode> ours = new ArrayList<>();
          list.path("data").forEach(s -> {
            if (url.equals(s.path("url").asText()) && s.path("secretKey").isTextual()) {
              ours.add(s);
            }
          });
          return SingleRegistration.keepFirst(ours, s -> calls.call(connection, "DELETE /webhooks",
              () -> client.call(token, "DELETE", "/webhooks/" + s.path("id").asText(), null))
              .exceptionally(e -> null), // gone already
              "the webhook subscription failed: the created subscription is not listed");
        });
  }

  /** Completes with the subscription's signing key among the secrets webhooks are checked with. */
  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    String token = secrets.get("token");
    String url = webhookUrl(connection);
    String name = "baton-" + connection;
    return calls.call(connection, "GET /webhooks", () -> client.call(token, "GET", "/webhooks", null))
        .thenCompose(list -> {
          List<CompletableFuture<JsonNode>> stale = new ArrayList<>();
          for (JsonNode s : list.path("data")) {
            if (url.equals(s.path("url").asText()) && s.path("secretKey").isTextual()) {
              return CompletableFuture.completedFuture(s);
            }
            if (name.equals(s.path("name").asText())) { // ours, from a previous public URL
              String id = s.path("id").asText();
              stale.add(calls.call(connection, "DELETE /webhooks",
                  () -> client.call(token, "DELETE", "/webhooks/" + id, null)));
            }
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("name", name);
          body.put("url", url);
          body.put("events", EVENTS);
          body.put("authorization", Map.of("_type", "NoAuth"));
          return CompletableFuture.allOf(stale.toArray(CompletableFuture[]::new))
              .thenCompose(x -> calls.call(connection,
                  "POST /webhooks", () -> client.call(token, "POST", "/webhooks", body)))
              .thenCompose(created -> settle(connection, token, url));
        }).thenApply(subscription -> {
          if (!subscription.path("secretKey").isTextual()) {
            throw new IllegalStateException("the webhook subscription failed: the subscription has no secretKey");
          }
          return Map.of(DixaWebhooks.SIGNING_KEY, subscription.path("secretKey").asText());
        }).exceptionallyCompose(e -> {
          Throwable cause = DixaClient.unwrap(e);
          String message =
              cause.getMessage() != null && cause.getMessage().startsWith("the webhook subscription failed")
                  ? cause.getMessage() : "the webhook subscription failed: " + cause.getMessage();
          return CompletableFuture.failedFuture(new IllegalStateException(message, cause));
        });
  }
}
