package io.baton.connector.dixa;

import io.baton.connector.ConnectorHost;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.Platform;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/**
 * The Dixa connector service: the webhook server Dixa posts to, the commands of {@code connector.dixa.commands.v1}
 * hosted by the shared connector runtime, and (with the secrets key) the Dixa connections of {@code connections.v1}.
 */
public final class DixaConnector implements Service {
  private final DixaConfig config;
  private final KafkaSettings kafka;
  private WebhookServer webhooks;
  private ConnectorHost host;
  private volatile DixaChats chats;
  private ConnectionFeed connections;

  public DixaConnector(DixaConfig config, KafkaSettings kafka) {
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  public synchronized void start() {
    webhooks = new WebhookServer(config.webhookPort());
    // Port 0 (tests): Dixa reaches the port actually bound.
    String base = config.webhookPort() == 0 ? "http://localhost:" + webhooks.port() : config.webhookPublicUrl();
    host = new ConnectorHost("connector-dixa", Platform.dixa, kafka, config.host(), ctx -> {
      chats = new DixaChats(config, ctx, webhooks, base);
      return chats;
    });
    host.start();
    if (config.connectionSecrets() != null) {
      connections = new ConnectionFeed(kafka, Platform.dixa, config.connectionSecrets(), chats::connectionChanged);
      chats.follow(connections);
      connections.start();
    }
  }

  /** The port Dixa's webhooks arrive on. */
  public int webhookPort() {
    return webhooks.port();
  }

  public DixaChats chats() {
    return chats;
  }

  public ConnectorHost host() {
    return host;
  }

  @Override
  public synchronized void stop() {
    if (connections != null) {
      connections.close();
    }
    if (host != null) {
      host.stop();
    }
    if (webhooks != null) {
      webhooks.close();
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new DixaConnector(DixaConfig.fromEnv(System.getenv()),
        KafkaSettings.fromEnv(System.getenv())));
  }
}
