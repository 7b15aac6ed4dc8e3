package io.baton.connector.misc.freshchat;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;

/**
 * The Freshchat part of connector-misc: the commands of {@code connector.freshchat.commands.v2} hosted by the shared
 * runtime, Freshchat's webhooks on the service's webhook server ({@code /webhooks/freshchat/<connection>}, the URL
 * an administrator enters in Freshchat's admin UI), and the {@code freshchat} connections of {@code connections.v1},
 * which carry every credential (there is none in the environment).
 */
public final class FreshchatConnector implements Service {
  private final WebhookConnector<FreshchatChat> freshchat;

  public FreshchatConnector(FreshchatConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      WebhookServer webhooks, String base) {
    freshchat = new WebhookConnector<>(new WebhookConnector.Setup("connector-freshchat", Platform.freshchat, kafka,
        config.host(), FreshchatAccount.SECRETS, Map.of(), connectionSecrets), webhooks, (ctx, connections) -> {
          FreshchatClient client = new FreshchatClient(config.requestTimeout());
          FreshchatAccounts accounts = new FreshchatAccounts(connections, config.apiUrl());
          return WebhookParts.of(new FreshchatActivation(client, ctx.calls(), accounts, base)::activate,
              new FreshchatWebhooks(config.replayWindow(), Clock.systemUTC()),
              new FreshchatPlatform(client, ctx.calls(), accounts));
        });
  }

  @Override
  public void start() {
    freshchat.start();
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return freshchat.chats();
  }

  /** The Freshchat connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return freshchat.connections();
  }

  public ConnectorHost host() {
    return freshchat.host();
  }

  @Override
  public void stop() {
    freshchat.stop();
  }
}
