package io.baton.connector.zendesk.sunco;

import io.baton.connector.ConnectorHost;
import io.baton.connector.channel.VisitorEvents;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.Platform;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;

/**
 * The Sunshine Conversations part of the Zendesk connector: the commands of {@code connector.zendesk_sunco}
 * (handovers, and the router's messages for visitors in Zendesk's messenger) hosted by the shared runtime, the
 * integration's webhooks on the connector's webhook server ({@code /webhooks/sunco/<connection>}), and the
 * {@code zendesk_sunco} connections of {@code connections.v1} (which carry every credential: there is no default).
 */
public final class SuncoConnector implements Service {
  private final WebhookConnector<SuncoChat> sunco;
  private volatile SuncoUsers users;

  public SuncoConnector(ZendeskConfig config, KafkaSettings kafka, WebhookServer webhooks, String webhookBase) {
    sunco = new WebhookConnector<>(new WebhookConnector.Setup("connector-zendesk-sunco", Platform.zendesk_sunco,
        kafka, config.sunco(), SuncoAccount.SECRETS, Map.of(), config.connectionSecrets()), webhooks,
        (ctx, connections) -> {
          SuncoClient client = new SuncoClient(config.apiUrl(), config.requestTimeout());
          SuncoActivation activation = new SuncoActivation(client, ctx.calls(), webhookBase);
          activation.connections(connections);
          SuncoAccounts accounts = new SuncoAccounts(connections);
          SuncoMessages messages = new SuncoMessages(client, ctx.calls());
          users = new SuncoUsers(client, ctx.calls(), accounts);
          SuncoVisitors visitors = new SuncoVisitors(connections,
              new VisitorEvents(ctx.writes(), Platform.zendesk_sunco));
          return WebhookParts.of(activation::activate, new SuncoWebhooks(Clock.systemUTC()),
              new SuncoPlatform(client, ctx.calls(), accounts, users, messages))
              .withUnrouted(visitors::unrouted).withChannel(new SuncoChannel(accounts, messages));
        });
  }

  @Override
  public void start() {
    sunco.start();
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return sunco.chats();
  }

  /** The SunCo connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return sunco.connections();
  }

  /** SunCo users and conversations, for the Support part's agent-initiated conversations. */
  public SuncoUsers users() {
    return users;
  }

  public ConnectorHost host() {
    return sunco.host();
  }

  @Override
  public void stop() {
    sunco.stop();
  }
}
