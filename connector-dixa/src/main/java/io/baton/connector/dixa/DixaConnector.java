package io.baton.connector.dixa;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookInbox;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.events.Platform;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The Dixa connector service: the webhook server Dixa posts to (any instance takes a webhook and hands it to the
 * instance owning the conversation), the commands of {@code connector.dixa.commands.v2} hosted by the shared
 * connector runtime, and (with the secrets key) the Dixa connections of {@code connections.v1}.
 */
public final class DixaConnector implements Service {
  private final DixaConfig config;
  private final KafkaSettings kafka;
  private WebhookServer webhooks;
  private ConnectorHost host;
  private volatile Chats<DixaChat> chats;
  private volatile PlatformConnections connections;
  private WebhookInbox inbox;
  private ConnectionFeed feed;

  public DixaConnector(DixaConfig config, KafkaSettings kafka) {
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  public synchronized void start() {
    webhooks = new WebhookServer(config.webhookPort());
    // Port 0 (tests) without a public URL of its own: Dixa reaches the port actually bound.
    String base = config.webhookPublicUrl().endsWith(":0") ? "http://localhost:" + webhooks.port()
        : config.webhookPublicUrl();
    host = new ConnectorHost("connector-dixa", Platform.dixa, kafka, config.host(), ctx -> {
      DixaClient client = new DixaClient(config.apiUrl(), config.requestTimeout());
      DixaSubscription subscription = new DixaSubscription(client, ctx.calls(), base);
      Map<String, Map<String, String>> configured = new LinkedHashMap<>();
      config.connections().forEach((id, token) -> configured.put(id, Map.of("token", token)));
      connections = new PlatformConnections(Platform.dixa, configured, Map.of("token", "Dixa API token"),
          config.connectionSecrets() != null, ctx.calls(), subscription::activate);
      inbox = new WebhookInbox(kafka, Platform.dixa, ctx.refs(), "connector-dixa-inbox-" + config.host().instanceId());
      webhooks.register(inbox.endpoint(new DixaWebhooks(config.signatureMaxAge(), Clock.systemUTC()),
          connections::verification));
      ctx.refs().start();
      chats = new Chats<>(new DixaPlatform(client, ctx.calls(), connections), ctx);
      return chats;
    });
    host.start();
    connections.start();
    if (config.connectionSecrets() != null) {
      feed = new ConnectionFeed(kafka, Platform.dixa, config.connectionSecrets(), connections::changed);
      connections.follow(feed);
      feed.start();
    }
  }

  /** The port Dixa's webhooks arrive on. */
  public int webhookPort() {
    return webhooks.port();
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return chats;
  }

  /** The Dixa connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return connections;
  }

  public ConnectorHost host() {
    return host;
  }

  @Override
  public synchronized void stop() {
    if (feed != null) {
      feed.close();
    }
    if (webhooks != null) {
      webhooks.close();
    }
    if (connections != null) {
      connections.close();
    }
    if (host != null) {
      host.stop();
    }
    if (inbox != null) {
      inbox.close();
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new DixaConnector(DixaConfig.fromEnv(System.getenv()),
        KafkaSettings.fromEnv(System.getenv())));
  }
}
