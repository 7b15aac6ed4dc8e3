package io.baton.connector.zendesk.support;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectionFeed;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookEndpoint;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookInbox;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.Platform;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * The Support part of the Zendesk connector ({@code zendesk_support}): the commands of
 * {@code connector.zendesk_support.commands.v2} on the shared runtime ({@link SupportPlatform}), the Support
 * connections of {@code connections.v1} and their activation ({@link SupportActivation}), and Support's webhooks on
 * the service's webhook server ({@link SupportWebhooks}): ticket events go to the chat's owner through the runtime's
 * inbox, agent-initiated tickets to {@link AgentInitiated}.
 */
public final class SupportConnector {
  private final ZendeskConfig config;
  private final KafkaSettings kafka;
  private final WebhookServer webhooks;
  private final String webhookBase;
  private volatile SuncoConversations sunco;
  private ConnectorHost host;
  private volatile Chats<SupportTicket> chats;
  private volatile PlatformConnections connections;
  private volatile AgentInitiated agentInitiated;
  private WebhookInbox inbox;
  private volatile Function<List<WebhookEvent>, CompletionStage<Void>> relay;
  private ConnectionFeed feed;

  public SupportConnector(ZendeskConfig config, KafkaSettings kafka, WebhookServer webhooks, String webhookBase) {
    this.config = config;
    this.kafka = kafka;
    this.webhooks = webhooks;
    this.webhookBase = webhookBase;
  }

  /** How agent-initiated tickets find their SunCo conversation (the SunCo part of the service gives it). */
  public void useSunco(SuncoConversations sunco) {
    this.sunco = sunco;
  }

  public synchronized void start() {
    SupportAccounts accounts = new SupportAccounts(config.apiUrl());
    host = new ConnectorHost("connector-zendesk-support", Platform.zendesk_support, kafka, config.support(), ctx -> {
      SupportClient client = new SupportClient(config.requestTimeout());
      SupportActivation activation = new SupportActivation(client, ctx.calls(), accounts, webhookBase, () -> sunco);
      connections = new PlatformConnections(Platform.zendesk_support, Map.of(),
          Map.of(SupportAccount.API_TOKEN, "Zendesk API token"), true, ctx.calls(), activation::activate);
      accounts.use(connections);
      agentInitiated = new AgentInitiated(client, ctx.calls(), accounts, ctx.writes(), () -> sunco);
      inbox = new WebhookInbox(kafka, Platform.zendesk_support, ctx.refs(),
          "connector-zendesk-support-inbox-" + config.support().instanceId());
      SigningSecrets signing = new SigningSecrets(client, ctx.calls(), accounts, config.requestTimeout(),
          SigningSecrets.REREAD, System::nanoTime);
      WebhookEndpoint usual = inbox.endpoint(new SupportWebhooks(config.signatureMaxAge(), Clock.systemUTC()),
          signing::verification);
      relay = usual.handler();
      webhooks.register(new WebhookEndpoint(usual.name(), signing.check(usual.signature()), usual.events(),
          this::handOver));
      ctx.refs().start();
      chats = new Chats<>(new SupportPlatform(client, ctx.calls(), accounts,
          new UpdateBudget(UpdateBudget.PER_TICKET, UpdateBudget.PER_ACCOUNT)), ctx);
      return chats;
    });
    host.start();
    connections.start();
    if (config.connectionSecrets() != null) {
      feed = new ConnectionFeed(kafka, Platform.zendesk_support, config.connectionSecrets(), (c, opened) -> {
        agentInitiated.known(c);
        connections.changed(c, opened);
      });
      connections.follow(feed);
      feed.start();
    }
  }

  /** Ticket events to the chat's owner; an agent-initiated ticket is linked here, before Zendesk gets its 200. */
  private CompletionStage<Void> handOver(List<WebhookEvent> events) {
    List<WebhookEvent> tickets = new ArrayList<>();
    List<CompletableFuture<Void>> linked = new ArrayList<>();
    for (WebhookEvent e : events) {
      if (e.ref() != null && e.ref().startsWith(SupportWebhooks.PROACTIVE)) {
        linked.add(agentInitiated.handle(e.ref().substring(SupportWebhooks.PROACTIVE.length())));
      } else {
        tickets.add(e);
      }
    }
    CompletableFuture<Void> relayed = tickets.isEmpty() ? CompletableFuture.completedFuture(null)
        : relay.apply(tickets).toCompletableFuture();
    linked.add(relayed);
    return CompletableFuture.allOf(linked.toArray(CompletableFuture[]::new));
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return chats;
  }

  /** The Support connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return connections;
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
