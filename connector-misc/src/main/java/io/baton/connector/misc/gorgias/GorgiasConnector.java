package io.baton.connector.misc.gorgias;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.Connection;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;

/**
 * The Gorgias part of connector-misc: the commands of {@code connector.gorgias.commands.v2} hosted by the shared
 * runtime, the deliveries of each connection's HTTP integration on the service's webhook server
 * ({@code /webhooks/gorgias/<connection>}), and the {@code gorgias} connections of {@code connections.v1}, which carry
 * every credential (secrets {@code email}, {@code apiKey}, optional {@code webhookSecret}).
 */
public final class GorgiasConnector implements Service {
  private final WebhookConnector<GorgiasChat> gorgias;

  public GorgiasConnector(GorgiasConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      WebhookServer webhooks, String base) {
    gorgias = new WebhookConnector<>(new WebhookConnector.Setup("connector-gorgias", Platform.gorgias, kafka,
        config.host(), GorgiasAccount.SECRETS, Map.of(), connectionSecrets), webhooks, (ctx, connections) -> {
          GorgiasClient client = new GorgiasClient(config.requestTimeout());
          GorgiasAccounts accounts = new GorgiasAccounts(connections, config.apiUrl());
          GorgiasActivation activation = new GorgiasActivation(client, ctx.calls(), accounts, base);
          return WebhookParts.of(activation::activate, new GorgiasWebhooks(config.replayWindow(), Clock.systemUTC()),
              new GorgiasPlatform(client, ctx.calls(), accounts))
              .withConnectionSeen(new ConnectionFeed.Listener() {
                @Override
                public void changed(Connection connection, Map<String, String> secrets) {}

                @Override
                public void removed(Connection connection) {
                  activation.removed(connection.getConnectionId());
                }
              });
        });
  }

  @Override
  public void start() {
    gorgias.start();
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return gorgias.chats();
  }

  /** The Gorgias connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return gorgias.connections();
  }

  public ConnectorHost host() {
    return gorgias.host();
  }

  @Override
  public void stop() {
    gorgias.stop();
  }
}
