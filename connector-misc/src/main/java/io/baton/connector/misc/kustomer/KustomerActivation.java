package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.connections.SingleRegistration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a {@code kustomer} connection active, in order, each failure said precisely (the runtime reports it and
 * tries again with backoff): its settings are valid; the API key works ({@code GET /v1/users/current}, whose user is
 * "our own"); the bot user, when named, exists; the outbound webhook is registered with the events Baton needs and a
 * header naming the connection. The token is kept with what the connection's deliveries are checked with: a webhook this instance
 * registered is reused (re-enabled and completed when needed); one it did not (another instance's, one from before a
 * restart) is reused when {@code GET /v1/outbound-webhooks/{id}} shows its token, as Kustomer's docs say it does,
 * else deleted and registered again. The plan's limit becomes the connection's rate limit. A connection deactivated or deleted has
 * its webhook deleted ({@link #removed}).
 */
final class KustomerActivation {
  private static final Logger log = LoggerFactory.getLogger(KustomerActivation.class);
  static final List<String> EVENTS = List.of("kustomer.message.create", "kustomer.conversation.update",
      "kustomer.conversation.typing");
  /** What activation learned, beside the token ({@link KustomerWebhooks#TOKEN}). */
  static final String API_URL = "kustomer.apiUrl";
  static final String OWN_USER = "kustomer.userId";
  static final String BOT_USER = "kustomer.botUserId";

  private record Registration(String id, String url, String token) {}

  private final KustomerClient client;
  private final PlatformCalls calls;
  private final String defaultApiUrl;
  private final String webhookBase;
  private final Map<String, Registration> registered = new ConcurrentHashMap<>();
  private PlatformConnections connections;

  KustomerActivation(KustomerClient client, PlatformCalls calls, String defaultApiUrl, String webhookBase) {
    this.client = client;
    this.calls = calls;
    this.defaultApiUrl = defaultApiUrl;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  void connections(PlatformConnections connections) {
    this.connections = connections;
  }

  String webhookUrl(String connection, KustomerSettings settings) {
    return settings.webhookUrl() != null ? settings.webhookUrl()
        : webhookBase + "/webhooks/" + KustomerWebhooks.NAME + "/" + connection;
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    KustomerSettings settings;
    try {
      settings = KustomerSettings.of(connections.settings(connection));
    } catch (IllegalArgumentException e) {
      return failed(e.getMessage());
    }
    String apiUrl = settings.apiUrl() != null ? settings.apiUrl() : defaultApiUrl;
    if (apiUrl == null) {
      return failed("no Kustomer API URL: set the connection's apiUrl (or BATON_KUSTOMER_API_URL)");
    }
    calls.limit(connection, KustomerPlan.perSecond(settings.perMinute()), KustomerPlan.burst(settings.perMinute()));
    String key = secrets.get("apiKey");
    Map<String, String> learned = new LinkedHashMap<>();
    learned.put(API_URL, apiUrl);
    return calls.call(connection, "GET /v1/users/current",
        () -> client.call(apiUrl, key, "GET", "/v1/users/current", "/v1/users/current", null))
        .exceptionallyCompose(e -> failed((KustomerClient.status(e, 401) || KustomerClient.status(e, 403)
            ? "the Kustomer API key was refused: " : "the Kustomer API key could not be checked: ")
            + KustomerClient.reason(e)))
        .thenCompose(me -> {
          String own = me.path("data").path("id").asText("");
          if (own.isEmpty()) {
            return failed("GET /v1/users/current named no user");
          }
          learned.put(OWN_USER, own);
          learned.put(BOT_USER, settings.botUserId() != null ? settings.botUserId() : own);
          return settings.botUserId() == null ? CompletableFuture.completedFuture(null)
              : calls.call(connection, "GET /v1/users/{id}", () -> client.call(apiUrl, key, "GET",
                  "/v1/users/" + settings.botUserId(), "/v1/users/{id}", null))
                  .exceptionallyCompose(e -> failed(KustomerClient.status(e, 404)
                      ? "the setting botUserId names no Kustomer user: " + settings.botUserId()
                      : "the bot user could not be checked: " + KustomerClient.reason(e)));
        })
        .thenCompose(x -> register(connection, apiUrl, key, webhookUrl(connection, settings)))
        .thenApply(token -> {
          learned.put(KustomerWebhooks.TOKEN, token);
          return Map.copyOf(learned);
        });
  }

  private CompletableFuture<String> register(String connection, String apiUrl, String key, String url) {
    Registration known = registered.get(connection);
    String name = "baton-" + connection;
    return calls.call(connection, "GET /v1/outbound-webhooks", () -> client.call(apiUrl, key, "GET",
        "/v1/outbound-webhooks", "/v1/outbound-webhooks", null)).thenCompose(list -> {
          JsonNode ours = null;
          for (JsonNode hook : list.path("data")) {
            boolean here = url.equals(hook.path("attributes").path("url").asText());
            // the one this instance registered, else the first at our URL
            if (here && (ours == null || known != null && known.id().equals(hook.path("id").asText()))) {
              ours = hook;
            }
          }
          List<String> stale = new ArrayList<>();
          for (JsonNode hook : list.path("data")) {
            JsonNode a = hook.path("attributes");
            if (hook != ours && (url.equals(a.path("url").asText()) || name.equals(a.path("name").asText()))) {
              stale.add(hook.path("id").asText()); // a second one at our URL, or ours at an old URL
            }
          }
          JsonNode found = ours;
          return CompletableFuture.allOf(stale.stream().map(id -> delete(connection, apiUrl, key, id))
              .toArray(CompletableFuture[]::new)).thenCompose(
                  x -> found == null
                      ? create(connection, apiUrl, key, name, url)
                      : reuse(connection, apiUrl, key, name, url, found, known));
        })
        .exceptionallyCompose(e -> failed("the webhook registration failed: " + KustomerClient.reason(e)));
  }

  /**
   * Our webhook at our URL: its token is the one this instance registered it with, else the one
   * {@code GET /v1/outbound-webhooks/{id}} shows (Kustomer's delivery page says it does; another instance or a run
   * before a restart registered it); a webhook whose token cannot be learned is replaced.
   */
  private CompletableFuture<String> reuse(String connection, String apiUrl, String key, String name, String url,
      JsonNode hook, Registration known) {
    String id = hook.path("id").asText();
    CompletableFuture<String> token = known != null && known.id().equals(id)
        ? CompletableFuture.completedFuture(known.token())
        : calls.call(connection, "GET /v1/outbound-webhooks/{id}", () -> client.call(apiUrl, key, "GET",
            "/v1/outbound-webhooks/" + id, "/v1/outbound-webhooks/{id}", null))
            .thenApply(r -> r.path("data").path("attributes").path("token").asText(""));
    return token.thenCompose(t -> {
      if (t.isEmpty()) {
        return delete(connection, apiUrl, key, id).thenCompose(x -> create(connection, apiUrl, key, name, url));
      }
      registered.put(connection, new Registration(id, url, t));
      return complete(connection, apiUrl, key, hook).thenApply(x -> t);
    });
  }

  private CompletableFuture<String> create(String connection, String apiUrl, String key, String name, String url) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("url", url);
    body.put("events", EVENTS);
    body.put("headers", List.of(Map.of("name", KustomerWebhooks.CONNECTION_HEADER, "value", connection)));
    return calls.call(connection, "POST /v1/outbound-webhooks", () -> client.call(apiUrl, key, "POST",
        "/v1/outbound-webhooks", "/v1/outbound-webhooks", body)).thenCompose(created -> {
          JsonNode data = created.path("data");
          String token = data.path("attributes").path("token").asText("");
          if (token.isEmpty()) {
            throw new IllegalStateException("Kustomer returned the new webhook without its token");
          }
          registered.put(connection, new Registration(data.path("id").asText(), url, token));
          return settle(connection, apiUrl, key, name, url);
        });
  }

  /**
   * After creating: instances that activated the connection at the same moment each found none and each created one
   * (and Kustomer would sign each delivery with a token only one of them knows). Every instance keeps the webhook at
   * our URL with the smallest id (the same choice everywhere) and deletes the others; an instance whose own was
   * deleted takes the kept one's token ({@link #reuse}).
   */
  private CompletableFuture<String> settle(String connection, String apiUrl, String key, String name, String url) {
    return calls.call(connection, "GET /v1/outbound-webhooks", () -> client.call(apiUrl, key, "GET",
        "/v1/outbound-webhooks", "/v1/outbound-webhooks", null)).thenCompose(list -> {
          List<JsonNode> ours = new ArrayList<>();
          list.path("data").forEach(h -> {
            if (url.equals(h.path("attributes").path("url").asText())) {
              ours.add(h);
            }
          });
          ours.sort(java.util.Comparator.comparing(h -> h.path("id").asText()));
          return SingleRegistration.keepFirst(ours, h -> delete(connection, apiUrl, key, h.path("id").asText()),
              "the created webhook is not listed")
              .thenCompose(kept -> reuse(connection, apiUrl, key, name, url, kept, registered.get(connection)));
        });
  }

  /** A webhook of ours Kustomer disabled (failing deliveries) or whose events are not all Baton's: set right. */
  private CompletableFuture<Void> complete(String connection, String apiUrl, String key, JsonNode hook) {
    JsonNode a = hook.path("attributes");
    List<String> events = new ArrayList<>();
    a.path("events").forEach(e -> events.add(e.asText()));
    if (a.path("enabled").asBoolean(true) && events.containsAll(EVENTS)) {
      return CompletableFuture.completedFuture(null);
    }
    String id = hook.path("id").asText();
    return calls.call(connection, "PATCH /v1/outbound-webhooks/{id}", () -> client.call(apiUrl, key, "PATCH",
        "/v1/outbound-webhooks/" + id, "/v1/outbound-webhooks/{id}", Map.of("enabled", true, "events", EVENTS)))
        .thenApply(x -> null);
  }

  private CompletableFuture<Void> delete(String connection, String apiUrl, String key, String id) {
    return calls.call(connection, "DELETE /v1/outbound-webhooks/{id}", () -> client.call(apiUrl, key, "DELETE",
        "/v1/outbound-webhooks/" + id, "/v1/outbound-webhooks/{id}", null))
        .<Void>thenApply(x -> null)
        .exceptionallyCompose(e -> KustomerClient.status(e, 404) ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(e)); // 404: another instance deleted it first
  }

  /**
   * The connection was deactivated or deleted: the webhook this instance registered is deleted (an instance that
   * registered none has nothing to undo).
   */
  CompletableFuture<Void> removed(String connection) {
    Registration known = registered.remove(connection);
    Map<String, String> verification = connections.verification(connection);
    if (known == null || verification == null) {
      return CompletableFuture.completedFuture(null);
    }
    return delete(connection, verification.get(API_URL), verification.get("apiKey"), known.id())
        .whenComplete((x, e) -> {
          if (e != null) {
            log.warn("Kustomer connection {}: its webhook could not be deleted: {}", connection,
                KustomerClient.reason(e));
          } else {
            log.info("Kustomer connection {}: its webhook is deleted", connection);
          }
        });
  }

  private static <T> CompletableFuture<T> failed(String reason) {
    return CompletableFuture.failedFuture(new IllegalStateException(reason));
  }
}
