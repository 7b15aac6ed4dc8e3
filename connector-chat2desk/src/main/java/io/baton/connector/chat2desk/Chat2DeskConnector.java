package io.baton.connector.chat2desk;

import io.baton.connector.ConnectorHost;
import io.baton.connector.channel.VisitorEvents;
import io.baton.connector.chat2desk.channel.Chat2DeskChannel;
import io.baton.connector.chat2desk.channel.Chat2DeskVisitors;
import io.baton.connector.chat2desk.handover.Chat2DeskPlatform;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.events.Connection;
import io.baton.events.Platform;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;
import java.util.Map;

/**
 * The Chat2Desk connector service: the webhook server Chat2Desk posts to ({@code /webhooks/chat2desk/<connection>};
 * any instance takes a webhook), the commands of {@code connector.chat2desk.commands.v2} hosted by the shared runtime
 * (handovers inside Chat2Desk and to it, and the router's messages for visitors who write from Chat2Desk), and the
 * {@code chat2desk} connections of {@code connections.v1}, which carry every credential.
 */
public final class Chat2DeskConnector extends WebhookService {
  /** The secrets a connection must have. */
  static final Map<String, String> REQUIRED = Map.of("token", "Chat2Desk API token");

  private final Chat2DeskConfig config;
  private final KafkaSettings kafka;
  private volatile WebhookConnector<?> chat2desk;
  private Chat2DeskClient client;

  public Chat2DeskConnector(Chat2DeskConfig config, KafkaSettings kafka) {
    super("connector-chat2desk", config.webhookPort(), config.webhookPublicUrl());
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    client = new Chat2DeskClient(config.apiUrl(), config.requestTimeout());
    chat2desk = new WebhookConnector<>(new WebhookConnector.Setup("connector-chat2desk", Platform.chat2desk, kafka,
        config.host(), REQUIRED, Map.of(), config.connectionSecrets()), webhooks, (ctx, connections) -> {
          Chat2DeskActivation activation =
              new Chat2DeskActivation(client, ctx.calls(), base, config.requestTimeout());
          activation.connections(connections);
          Chat2DeskVisitors visitors =
              new Chat2DeskVisitors(connections, new VisitorEvents(ctx.writes(), Platform.chat2desk));
          return WebhookParts.of(activation::activate,
              new Chat2DeskWebhooks(ref -> ctx.refs().find(ref).isPresent()),
              new Chat2DeskPlatform(client, ctx.calls(), connections))
              .withUnrouted(visitors::unrouted)
              .withChannel(new Chat2DeskChannel(client, ctx.calls(), connections, config.maxText()))
              .withConnectionSeen(new ConnectionFeed.Listener() {
                @Override
                public void changed(Connection connection, Map<String, String> secrets) {}

                @Override
                public void removed(Connection connection) {
                  activation.removed(connection.getConnectionId());
                }
              });
        });
    return List.of(chat2desk);
  }

  /** The client the parts shared closes after them. */
  @Override
  protected void released() {
    if (client != null) {
      client.close();
    }
  }

  /** The chats this instance holds (null before it started). */
  public Chats<?> chats() {
    WebhookConnector<?> c = chat2desk;
    return c == null ? null : c.chats();
  }

  /** The Chat2Desk connections of this instance and whether each is active (null before it started). */
  public PlatformConnections connections() {
    WebhookConnector<?> c = chat2desk;
    return c == null ? null : c.connections();
  }

  public ConnectorHost host() {
    WebhookConnector<?> c = chat2desk;
    return c == null ? null : c.host();
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()),
        new Chat2DeskConnector(Chat2DeskConfig.fromEnv(System.getenv()),
            KafkaSettings.fromEnv(System.getenv())));
  }
}
