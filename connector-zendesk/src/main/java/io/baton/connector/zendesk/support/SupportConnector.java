package io.baton.connector.zendesk.support;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.PlatformConnections;
import io.baton.connector.webhooks.WebhookConnector;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookParts;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.Platform;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The Support part of the Zendesk connector ({@code zendesk_support}): the commands of
 * {@code connector.zendesk_support.commands.v2} on the shared runtime ({@link SupportPlatform}), the Support
 * connections of {@code connections.v1} and their activation ({@link SupportActivation}), and Support's webhooks on
 * the service's webhook server ({@link SupportWebhooks}): ticket events go to the chat's owner through the runtime's
 * inbox, agent-initiated tickets (about no conversation yet) to {@link AgentInitiated}.
 */
public final class SupportConnector implements Service {
  private final WebhookConnector<SupportTicket> support;
  private volatile SuncoConversations sunco;
  private volatile AgentInitiated agentInitiated;

  public SupportConnector(ZendeskConfig config, KafkaSettings kafka, WebhookServer webhooks, String webhookBase) {
    support = new WebhookConnector<>(new WebhookConnector.Setup("connector-zendesk-support",
        Platform.zendesk_support, kafka, config.support(), Map.of(SupportAccount.API_TOKEN, "Zendesk API token"),
        Map.of(), config.connectionSecrets()), webhooks, (ctx, connections) -> {
          SupportAccounts accounts = new SupportAccounts(config.apiUrl());
          accounts.use(connections);
          SupportClient client = new SupportClient(config.requestTimeout());
          SupportActivation activation = new SupportActivation(client, ctx.calls(), accounts, webhookBase, () -> sunco);
          agentInitiated = new AgentInitiated(client, ctx.calls(), accounts, ctx.writes(), () -> sunco);
          SigningSecrets signing = new SigningSecrets(client, ctx.calls(), accounts, activation::kept,
              config.requestTimeout(), SigningSecrets.REREAD, System::nanoTime);
          return WebhookParts.of(activation::activate,
              new SupportWebhooks(config.signatureMaxAge(), Clock.systemUTC()),
              new SupportPlatform(client, ctx.calls(), accounts,
                  new UpdateBudget(UpdateBudget.PER_TICKET, UpdateBudget.PER_ACCOUNT)))
              .withUnrouted(this::agentInitiated).withConnectionSeen((c, opened) -> agentInitiated.known(c))
              .withVerification(signing::verification, signing::check);
        });
  }

  /** How agent-initiated tickets find their SunCo conversation (the SunCo part of the service gives it). */
  public void useSunco(SuncoConversations sunco) {
    this.sunco = sunco;
  }

  @Override
  public void start() {
    support.start();
  }

  /**
   * An agent-initiated ticket (no chat has it yet) is linked here, before Zendesk gets its 200; a ticket Baton has
   * no chat of is not Baton's.
   */
  private CompletionStage<Void> agentInitiated(WebhookEvent e) {
    return e.ref().startsWith(SupportWebhooks.PROACTIVE)
        ? agentInitiated.handle(e.ref().substring(SupportWebhooks.PROACTIVE.length()))
        : CompletableFuture.completedFuture(null);
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return support.chats();
  }

  /** The Support connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return support.connections();
  }

  public ConnectorHost host() {
    return support.host();
  }

  @Override
  public void stop() {
    support.stop();
  }
}
