package io.baton.connector.zendesk.sunco;

import io.baton.connector.ConnectorHost;
import io.baton.connector.channel.VisitorEvents;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookInbox;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.Platform;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;

/**
 * The Sunshine Conversations part of the Zendesk connector: the commands of {@code connector.zendesk_sunco}
 * (handovers, and the router's messages for visitors in Zendesk's messenger) hosted by the shared runtime, the
 * integration's webhooks on the connector's webhook server ({@code /webhooks/sunco/<connection>}), and the
 * {@code zendesk_sunco} connections of {@code connections.v1} (which carry every credential: there is no default).
 */
public final class SuncoConnector {
  private final ZendeskConfig config;
  private final KafkaSettings kafka;
  private final WebhookServer webhooks;
  private final String webhookBase;
  private ConnectorHost host;
  private volatile Chats<SuncoChat> chats;
  private volatile PlatformConnections connections;
  private volatile SuncoUsers users;
  private WebhookInbox inbox;
  private ConnectionFeed feed;

  public SuncoConnector(ZendeskConfig config, KafkaSettings kafka, WebhookServer webhooks, String webhookBase) {
    this.config = config;
    this.kafka = kafka;
    this.webhooks = webhooks;
    this.webhookBase = webhookBase;
  }

  public synchronized void start() {
    host = new ConnectorHost("connector-zendesk-sunco", Platform.zendesk_sunco, kafka, config.sunco(), ctx -> {
      SuncoClient client = new SuncoClient(config.apiUrl(), config.requestTimeout());
      SuncoActivation activation = new SuncoActivation(client, ctx.calls(), webhookBase);
      connections = new PlatformConnections(Platform.zendesk_sunco, Map.of(), SuncoAccount.SECRETS,
          config.connectionSecrets() != null, ctx.calls(), activation::activate);
      activation.connections(connections);
      SuncoAccounts accounts = new SuncoAccounts(connections);
      SuncoMessages messages = new SuncoMessages(client, ctx.calls());
      users = new SuncoUsers(client, ctx.calls(), accounts);
      SuncoVisitors visitors = new SuncoVisitors(connections,
          new VisitorEvents(ctx.writes(), Platform.zendesk_sunco));
      inbox = new WebhookInbox(kafka, Platform.zendesk_sunco, ctx.refs(),
          "connector-zendesk-sunco-inbox-" + config.sunco().instanceId());
      webhooks.register(
          inbox.endpoint(new SuncoWebhooks(Clock.systemUTC()), connections::verification, visitors::unrouted));
      ctx.refs().start();
      chats = new Chats<>(new SuncoPlatform(client, ctx.calls(), accounts, users, messages),
          new SuncoChannel(accounts, messages), ctx);
      return chats;
    });
    host.start();
    connections.start();
    if (config.connectionSecrets() != null) {
      feed = new ConnectionFeed(kafka, Platform.zendesk_sunco, config.connectionSecrets(), connections::changed);
      connections.follow(feed);
      feed.start();
    }
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return chats;
  }

  /** The SunCo connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return connections;
  }

  /** SunCo users and conversations, for the Support part's agent-initiated conversations. */
  public SuncoUsers users() {
    return users;
  }

  public ConnectorHost host() {
    return host;
  }

  public synchronized void stop() {
    if (feed != null) {
      feed.close();
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
}
