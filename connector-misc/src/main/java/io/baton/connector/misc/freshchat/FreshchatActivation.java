package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.webhooks.RsaSignature;
import java.security.GeneralSecurityException;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What makes a {@code freshchat} connection usable, each checked and, when wrong, named: its settings; the webhook
 * public key (it must parse as an RSA key, or no webhook could ever be verified); the API token
 * ({@code GET /accounts/configuration}); the channel (the setting's, else the account's first enabled one); the
 * group and the bot's agent when set. It learns the channel. Freshchat's webhook URL is set in its admin UI, one per
 * account, so there is nothing to register: the README says which URL to enter.
 */
final class FreshchatActivation {
  private static final Logger log = LoggerFactory.getLogger(FreshchatActivation.class);
  private final FreshchatClient client;
  private final PlatformCalls calls;
  private final FreshchatAccounts accounts;
  private final String webhookBase;

  /** @param webhookBase where Freshchat reaches the connector's webhook server, e.g. {@code https://baton.example.com} */
  FreshchatActivation(FreshchatClient client, PlatformCalls calls, FreshchatAccounts accounts, String webhookBase) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.webhookBase = webhookBase.endsWith("/") ? webhookBase.substring(0, webhookBase.length() - 1) : webhookBase;
  }

  /** The URL to enter in Freshchat's Admin > Webhooks for this connection. */
  String webhookUrl(String connection) {
    return webhookBase + "/webhooks/" + FreshchatWebhooks.NAME + "/" + connection;
  }

  CompletionStage<Map<String, String>> activate(String connection, Map<String, String> secrets) {
    FreshchatAccount account;
    try {
      account = FreshchatAccount.of(connection, accounts.settings(connection), secrets);
      RsaSignature.publicKey(secrets.get("publicKey"));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    } catch (GeneralSecurityException e) {
      return CompletableFuture.failedFuture(new IllegalArgumentException(
          "the publicKey secret is not an RSA public key (PEM, as Freshchat's Admin > Webhooks shows it): "
              + e.getMessage()));
    }
    FreshchatSettings settings = account.settings();
    return get(account, "/accounts/configuration", "the API token was refused by " + settings.apiUrl())
        .thenCompose(x -> get(account, "/channels", "the channels cannot be read"))
        .thenApply(list -> channel(settings, list.path("channels")))
        .thenCompose(channel -> group(account).thenCompose(x -> botAgent(account))
            .thenApply(x -> {
              log.info("Freshchat connection {}: channel {}; its webhook URL (Admin > Webhooks) is {}", connection,
                  channel, webhookUrl(connection));
              return Map.of(FreshchatAccount.CHANNEL, channel);
            }));
  }

  private static String channel(FreshchatSettings settings, JsonNode channels) {
    for (JsonNode c : channels) {
      String id = c.path("id").asText("");
      if (settings.channelId() != null ? settings.channelId().equals(id) : c.path("enabled").asBoolean(true)) {
        if (!c.path("enabled").asBoolean(true)) {
          throw new IllegalStateException("the channel " + id + " is disabled");
        }
        return id;
      }
    }
    throw new IllegalStateException(settings.channelId() != null
        ? "the channel " + settings.channelId() + " does not exist in the account"
        : "the account has no enabled channel");
  }

  private CompletableFuture<Void> group(FreshchatAccount account) {
    String group = account.settings().groupId();
    if (group == null) {
      return CompletableFuture.completedFuture(null);
    }
    return get(account, "/groups", "the groups cannot be read").thenAccept(list -> {
      for (JsonNode g : list.path("groups")) {
        if (group.equals(g.path("id").asText())) {
          return;
        }
      }
      throw new IllegalStateException("the group " + group + " does not exist in the account");
    });
  }

  private CompletableFuture<Void> botAgent(FreshchatAccount account) {
    String agent = account.settings().botAgentId();
    if (agent == null) {
      return CompletableFuture.completedFuture(null);
    }
    return get(account, "/agents/" + FreshchatClient.query(agent), "the botAgentId " + agent
        + " is not an agent of the account").thenApply(x -> null);
  }

  private CompletableFuture<JsonNode> get(FreshchatAccount account, String path, String what) {
    return calls.call(account.connection(), "GET " + path.replaceAll("/agents/.*", "/agents/{id}"),
        () -> client.call(account, "GET", path, null))
        .exceptionallyCompose(e -> CompletableFuture.failedFuture(
            new IllegalStateException(what + ": " + FreshchatClient.unwrap(e).getMessage(), e)));
  }
}
