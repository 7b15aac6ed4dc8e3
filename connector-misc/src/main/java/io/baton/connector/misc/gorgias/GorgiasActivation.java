package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.PlatformConnections;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a {@code gorgias} connection active, in order, each failure said precisely (the runtime reports it and
 * tries again with backoff): its settings are valid; the API key works and the default team exists
 * ({@code GET /teams}); the connection's HTTP integration is registered: found by its name {@code baton-<connection>}
 * and updated (URL, secret header, form, triggers), else created, never duplicated. Gorgias signs nothing, so the
 * integration sends the connection's {@code webhookSecret} in {@link GorgiasWebhooks#HEADER}; without that secret
 * the connector derives one from the API key and the connection id, which every instance and every restart derives
 * alike, so nothing needs to be written back. A connection disabled or deleted has its integration deleted
 * ({@link #removed}).
 */
final class GorgiasActivation {
  private static final Logger log = LoggerFactory.getLogger(GorgiasActivation.class);
  /** What activation learned, beside the secret ({@link GorgiasWebhooks#SECRET}). */
  static final String INTEGRATION = "gorgias.integrationId";
  static final Map<String, Boolean> TRIGGERS = Map.of("ticket_created", false, "ticket_updated", true,
      "ticket_message_created", true);

  private final GorgiasClient client;
  private final PlatformCalls calls;
  private final GorgiasAccounts accounts;
  private final String webhookBase;

  GorgiasActivation(GorgiasClient client, PlatformCalls calls, GorgiasAccounts accounts, String webhookBase) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  static String integrationName(String connection) {
    return "baton-" + connection;
  }

  String webhookUrl(GorgiasAccount account) {
    return account.settings().webhookUrl() != null ? account.settings().webhookUrl()
        : webhookBase + "/webhooks/" + GorgiasWebhooks.NAME + "/" + account.connection();
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    GorgiasAccount account;
    try {
      account = GorgiasAccount.of(connection, accounts.settings(connection), secrets);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String given = secrets.get("webhookSecret");
    String secret = given != null && !given.isBlank() ? given.trim() : derivedSecret(account);
    return client.list(calls, account, "/teams?limit=100", "GET /teams")
        .exceptionallyCompose(e -> failed((GorgiasClient.status(e, 401) || GorgiasClient.status(e, 403)
            ? "the Gorgias API key was refused (email and apiKey of Settings > REST API): "
            : "the Gorgias API could not be reached at " + account.apiUrl() + ": ") + GorgiasClient.reason(e)))
        .thenCompose(teams -> {
          String team = account.settings().teamId();
          if (team != null && teams.stream().noneMatch(t -> team.equals(t.path("id").asText()))) {
            return failed("the setting teamId names no Gorgias team: " + team);
          }
          return register(account, secret);
        })
        .thenApply(integration -> {
          log.info("Gorgias connection {}: HTTP integration {} posts to {}", connection, integration,
              webhookUrl(account));
          return Map.of(GorgiasWebhooks.SECRET, secret, INTEGRATION, integration);
        });
  }

  /** The webhook secret of a connection without one: HMAC-SHA256 of the connection id keyed with the API key. */
  static String derivedSecret(GorgiasAccount account) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(account.apiKey().getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(("baton-gorgias-webhook/" + account.connection())
          .getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  /** Ours by name: the first updated, any other deleted; else created. Completes with its id. */
  private CompletableFuture<String> register(GorgiasAccount account, String secret) {
    String name = integrationName(account.connection());
    Map<String, Object> body = integration(account, name, secret);
    return client.list(calls, account, "/integrations?type=http&limit=100", "GET /integrations")
        .thenCompose(list -> {
          List<JsonNode> ours = new ArrayList<>();
          list.stream().filter(i -> name.equals(i.path("name").asText())).forEach(ours::add);
          if (ours.isEmpty()) {
            return calls.call(account.connection(), "POST /integrations", () -> client.call(account, "POST",
                "/integrations", "POST /integrations", body)).thenApply(r -> r.path("id").asText());
          }
          String id = ours.get(0).path("id").asText();
          if (!ours.get(0).path("deactivated_datetime").isNull()
              && !ours.get(0).path("deactivated_datetime").isMissingNode()) {
            body.put("deactivated_datetime", null); // Gorgias turned it off after failing deliveries [guess]
          }
          CompletableFuture<?> extras = CompletableFuture.allOf(ours.stream().skip(1)
              .map(i -> delete(account, i.path("id").asText())).toArray(CompletableFuture[]::new));
          return extras.thenCompose(x -> calls.call(account.connection(), "PUT /integrations/{id}",
              () -> client.call(account, "PUT", "/integrations/" + GorgiasClient.query(id),
                  "PUT /integrations/{id}", body)))
              .thenApply(r -> id);
        })
        .exceptionallyCompose(e -> failed("the HTTP integration could not be registered: " + GorgiasClient.reason(e)));
  }

  Map<String, Object> integration(GorgiasAccount account, String name, String secret) {
    Map<String, Object> http = new LinkedHashMap<>();
    http.put("url", webhookUrl(account));
    http.put("method", "POST");
    http.put("headers", Map.of(GorgiasWebhooks.HEADER, secret));
    http.put("form", GorgiasWebhooks.form(account.connection()));
    http.put("request_content_type", "application/json");
    http.put("response_content_type", "application/json");
    http.put("triggers", TRIGGERS);
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("name", name);
    body.put("description", "Baton: agent replies, assignments and closing of handed-over chats");
    body.put("type", "http");
    body.put("http", http);
    return body;
  }

  private CompletableFuture<Void> delete(GorgiasAccount account, String id) {
    return calls.call(account.connection(), "DELETE /integrations/{id}", () -> client.call(account, "DELETE",
        "/integrations/" + GorgiasClient.query(id), "DELETE /integrations/{id}", null))
        .<Void>thenApply(x -> null)
        .exceptionallyCompose(e -> GorgiasClient.status(e, 404) ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(e)); // 404: another instance deleted it first
  }

  /** The connection was disabled or deleted: its integration is deleted (Gorgias would post to it for nothing). */
  CompletableFuture<Void> removed(String connection) {
    PlatformConnections connections = accounts.connections();
    Map<String, String> verification = connections.verification(connection);
    if (verification == null || verification.get(INTEGRATION) == null) {
      return CompletableFuture.completedFuture(null);
    }
    GorgiasAccount account;
    try {
      account = GorgiasAccount.of(connection, accounts.settings(connection), verification);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.completedFuture(null);
    }
    return delete(account, verification.get(INTEGRATION)).whenComplete((x, e) -> {
      if (e != null) {
        log.warn("Gorgias connection {}: its HTTP integration could not be deleted: {}", connection,
            GorgiasClient.reason(e));
      } else {
        log.info("Gorgias connection {}: its HTTP integration is deleted", connection);
      }
    });
  }

  private static <T> CompletableFuture<T> failed(String reason) {
    return CompletableFuture.failedFuture(new IllegalStateException(reason));
  }
}
