package io.baton.connector.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCallFailed;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.PlatformConnections;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a {@code chat2desk} connection active, the seed's rules in order, each failure said precisely (the
 * runtime's {@link PlatformConnections} reports it and tries again with backoff): its settings are valid; the token
 * works ({@code GET /companies/api_info}); the channel address (the webhook URL) reaches a Baton webhook server (a
 * {@code GET} answered 2xx); the webhook is registered at Chat2Desk with the events Baton needs (one already there
 * for the same URL is reused, its events completed and, when Chat2Desk disabled it, enabled again; else a new one, which fails with Chat2Desk's reason, e.g. the
 * limit of 5). The token's uniqueness among active channels is the ingress's rule. A connection deactivated or
 * deleted has its webhook removed ({@link #removed}).
 */
final class Chat2DeskActivation {
  private static final Logger log = LoggerFactory.getLogger(Chat2DeskActivation.class);
  static final List<String> EVENTS = List.of("inbox", "outbox", "close_dialog", "dialog_transferred");

  private final Chat2DeskClient client;
  private final PlatformCalls calls;
  private final String webhookBase;
  private final HttpClient probe;
  private PlatformConnections connections;

  Chat2DeskActivation(Chat2DeskClient client, PlatformCalls calls, String webhookBase, Duration timeout) {
    this.client = client;
    this.calls = calls;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
    this.probe = HttpClient.newBuilder().connectTimeout(timeout).build();
  }

  void connections(PlatformConnections connections) {
    this.connections = connections;
  }

  /** The URL Chat2Desk posts the connection's events to: its {@code webhookUrl} setting, else this connector's. */
  String webhookUrl(String connection, Chat2DeskSettings settings) {
    return settings.webhookUrl() != null ? settings.webhookUrl()
        : webhookBase + "/webhooks/" + Chat2DeskWebhooks.NAME + "/" + connection;
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    Chat2DeskSettings settings;
    try {
      settings = Chat2DeskSettings.of(connections.settings(connection));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(new IllegalStateException(e.getMessage()));
    }
    String token = secrets.get("token");
    String url = webhookUrl(connection, settings);
    return calls.call(connection, "GET /companies/api_info",
        () -> client.data(token, "GET", "/companies/api_info", null))
        .exceptionallyCompose(e -> failed((refused(e) ? "the Chat2Desk token was refused: "
            : "the Chat2Desk token could not be checked: ") + Chat2DeskClient.reason(e)))
        .thenCompose(info -> reachable(url))
        .thenCompose(x -> register(connection, token, url))
        .thenApply(x -> Chat2DeskWebhooks.learned(settings));
  }

  private CompletableFuture<Void> reachable(String url) {
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    return probe.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, error) -> {
      if (error != null) {
        throw new IllegalStateException("the channel address " + url + " is not reachable: "
            + (error.getCause() != null ? error.getCause() : error).getClass().getSimpleName());
      }
      if (response.statusCode() / 100 != 2) {
        throw new IllegalStateException("the channel address " + url + " is not a Baton webhook endpoint (it answered "
            + response.statusCode() + ")");
      }
      return null;
    });
  }

  private CompletableFuture<Void> register(String connection, String token, String url) {
    return calls.call(connection, "GET /webhooks", () -> client.data(token, "GET", "/webhooks", null))
        .thenCompose(list -> {
          for (JsonNode hook : list) {
            if (url.equals(hook.path("url").asText())) {
              List<String> events = new ArrayList<>();
              hook.path("events").forEach(e -> events.add(e.asText()));
              // Disabled by Chat2Desk after hours without success, or narrowed to some channels: PUT restores it.
              boolean usable = !"disabled".equals(hook.path("status").asText())
                  && (hook.path("channels").isMissingNode() || hook.path("channels").isNull()
                      || hook.path("channels").isEmpty());
              if (usable && events.containsAll(EVENTS)) {
                return CompletableFuture.<Void>completedFuture(null);
              }
              EVENTS.stream().filter(e -> !events.contains(e)).forEach(events::add);
              String id = hook.path("id").asText();
              return calls.call(connection, "PUT /webhooks/{id}", () -> client.data(token, "PUT", "/webhooks/" + id,
                  Map.of("name", hook.path("name").asText("baton-" + connection), "url", url, "events", events,
                      "channels", List.of())))
                  .thenApply(x -> (Void) null);
            }
          }
          Map<String, Object> body = new LinkedHashMap<>();
          body.put("name", "baton-" + connection);
          body.put("url", url);
          body.put("events", EVENTS);
          return calls.call(connection, "POST /webhooks", () -> client.data(token, "POST", "/webhooks", body))
              .thenApply(x -> (Void) null);
        })
        .exceptionallyCompose(e -> failed("the webhook registration failed: " + Chat2DeskClient.reason(e)));
  }

  /**
   * The connection was deactivated or deleted: its webhook at Chat2Desk is removed (every instance tries; one that
   * finds it gone already has nothing to do). Only an instance that activated it knows its token.
   */
  CompletableFuture<Void> removed(String connection) {
    Map<String, String> known = connections.verification(connection);
    if (known == null) {
      return CompletableFuture.completedFuture(null);
    }
    String token = known.get("token");
    Chat2DeskSettings settings;
    try {
      settings = Chat2DeskSettings.of(connections.settings(connection));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(null);
    }
    String url = webhookUrl(connection, settings);
    return calls.call(connection, "GET /webhooks", () -> client.data(token, "GET", "/webhooks", null))
        .thenCompose(list -> {
          List<CompletableFuture<JsonNode>> deleted = new ArrayList<>();
          for (JsonNode hook : list) {
            if (url.equals(hook.path("url").asText())) {
              String id = hook.path("id").asText();
              deleted.add(calls.call(connection, "DELETE /webhooks/{id}",
                  () -> client.data(token, "DELETE", "/webhooks/" + id, null))
                  .exceptionally(e -> {
                    if (!(PlatformCalls.cause(e) instanceof PlatformCallFailed f && f.status() == 404)) {
                      throw new java.util.concurrent.CompletionException(e);
                    }
                    return null; // another instance removed it first
                  }));
            }
          }
          return CompletableFuture.allOf(deleted.toArray(CompletableFuture[]::new));
        })
        .whenComplete((x, e) -> {
          if (e != null) {
            log.warn("Chat2Desk connection {}: its webhook could not be removed: {}", connection,
                Chat2DeskClient.reason(e));
          } else {
            log.info("Chat2Desk connection {}: its webhook is removed", connection);
          }
        });
  }

  /** Chat2Desk said no to the token (rather than being busy or out of reach). */
  private static boolean refused(Throwable e) {
    return PlatformCalls.cause(e) instanceof PlatformCallFailed f && (f.status() == 401 || f.status() == 403);
  }

  private static <T> CompletableFuture<T> failed(String reason) {
    return CompletableFuture.failedFuture(new IllegalStateException(reason));
  }
}
