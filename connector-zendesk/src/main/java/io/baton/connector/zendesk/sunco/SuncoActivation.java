package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.connections.PlatformConnections;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * What makes a {@code zendesk_sunco} connection usable, each checked and, when wrong, said precisely: its settings;
 * the SunCo API key (reading the integration in the app); the Zendesk API email and token ({@code GET /api/v2/users/me}); the
 * integration's webhook pointing at this connector's URL for the connection with {@code includeFullUser},
 * {@code includeFullSource} and every trigger Baton needs. It learns the webhook's secret, which deliveries carry in
 * {@code X-API-Key}.
 *
 * <p>Baton does not change the integration's webhook itself, it reports what is wrong: the integration is the
 * administrator's (the seed has them create it), a custom integration has exactly one webhook that another
 * deployment of Baton (staging, a second region) might legitimately point elsewhere, and silently rewriting it would
 * turn one deployment's misconfiguration into another's outage.
 */
final class SuncoActivation {
  static final List<String> TRIGGERS = List.of("conversation:message", "conversation:typing",
      "switchboard:passControl", "switchboard:passControl:failure", "switchboard:releaseControl");

  private final SuncoClient client;
  private final PlatformCalls calls;
  private final String webhookBase;
  private PlatformConnections connections;

  SuncoActivation(SuncoClient client, PlatformCalls calls, String webhookBase) {
    this.client = client;
    this.calls = calls;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  void connections(PlatformConnections connections) {
    this.connections = connections;
  }

  /** The URL the integration's webhook must target for this connection. */
  String webhookUrl(String connection) {
    return webhookBase + "/webhooks/" + SuncoWebhooks.NAME + "/" + connection;
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    SuncoAccount account;
    try {
      account = SuncoAccount.of(connection, connections.settings(connection), secrets);
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    String integration = account.app() + "/integrations/" + account.settings().integrationId();
    return calls.call(connection, "GET /v2/apps/{appId}/integrations/{integrationId}",
        () -> client.sunco(account, "GET", integration, null))
        .exceptionallyCompose(e -> refused(e, "the SunCo API key " + account.settings().keyId()
            + " cannot read integration " + account.settings().integrationId() + " of app "
            + account.settings().appId()))
        .thenCompose(x -> calls.call(connection, "GET /api/v2/users/me",
            () -> client.support(account, "GET", "/api/v2/users/me", null)))
        .exceptionallyCompose(e -> refused(e, "the Zendesk API email " + account.settings().email()
            + " and token were refused"))
        .thenCompose(me -> {
          if (me != null && me.path("user").path("id").isNull()) {
            // Zendesk answers an unauthenticated /users/me with an anonymous user rather than a 401.
            throw new IllegalStateException("the Zendesk API email " + account.settings().email()
                + " and token were refused (anonymous user)");
          }
          return calls.call(connection, "GET /v2/apps/{appId}/integrations/{integrationId}/webhooks",
              () -> client.sunco(account, "GET", integration + "/webhooks", null));
        })
        .exceptionallyCompose(e -> refused(e, "the integration " + account.settings().integrationId()
            + " cannot be read"))
        .thenApply(list -> webhookSecret(account, list.path("webhooks")));
  }

  private Map<String, String> webhookSecret(SuncoAccount account, JsonNode webhooks) {
    String expected = webhookUrl(account.connection());
    if (webhooks.size() == 0) {
      throw new IllegalStateException("the integration " + account.settings().integrationId()
          + " has no webhook; expected one targeting " + expected);
    }
    JsonNode webhook = webhooks.get(0);
    List<String> wrong = new ArrayList<>();
    String target = webhook.path("target").asText("");
    if (!target.equals(expected)) {
      wrong.add("the integration's webhook target is " + target + ", expected " + expected);
    }
    if (!webhook.path("includeFullUser").asBoolean(false)) {
      wrong.add("includeFullUser is off");
    }
    if (!webhook.path("includeFullSource").asBoolean(false)) {
      wrong.add("includeFullSource is off");
    }
    List<String> triggers = new ArrayList<>();
    webhook.path("triggers").forEach(t -> triggers.add(t.asText()));
    List<String> missing = TRIGGERS.stream().filter(t -> !triggers.contains(t)).toList();
    if (!missing.isEmpty()) {
      wrong.add("the webhook lacks the trigger" + (missing.size() > 1 ? "s " : " ") + String.join(", ", missing));
    }
    if (!webhook.path("secret").isTextual() || webhook.path("secret").asText().isEmpty()) {
      wrong.add("the webhook's secret is not readable with this API key");
    }
    if (!wrong.isEmpty()) {
      throw new IllegalStateException(String.join("; ", wrong));
    }
    return Map.of(SuncoWebhooks.SECRET, webhook.path("secret").asText(), SuncoWebhooks.APP,
        account.settings().appId());
  }

  /** The failure with what was being checked; a reason already given (an earlier step's) passes as it is. */
  private static <T> CompletableFuture<T> refused(Throwable e, String what) {
    Throwable cause = SuncoClient.unwrap(e);
    if (cause instanceof IllegalStateException) {
      return CompletableFuture.failedFuture(cause);
    }
    return CompletableFuture.failedFuture(new IllegalStateException(what + ": " + cause.getMessage(), cause));
  }
}
