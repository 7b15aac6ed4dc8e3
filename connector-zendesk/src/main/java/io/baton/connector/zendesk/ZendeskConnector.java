package io.baton.connector.zendesk;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.connector.zendesk.sunco.SuncoConnector;
import io.baton.connector.zendesk.support.SuncoConversations;
import io.baton.connector.zendesk.support.SupportConnector;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The Zendesk connector service: Sunshine Conversations ({@code connector.zendesk_sunco.commands.v2}, and the
 * visitor's channel when the bot lives in a Zendesk switchboard) and Zendesk Support
 * ({@code connector.zendesk_support.commands.v2}, and agent-initiated conversations), each on the shared connector
 * runtime, behind one webhook server Zendesk posts to.
 */
public final class ZendeskConnector extends WebhookService {
  private final ZendeskConfig config;
  private final KafkaSettings kafka;
  private volatile SuncoConnector sunco;
  private volatile SupportConnector support;

  public ZendeskConnector(ZendeskConfig config, KafkaSettings kafka) {
    super("connector-zendesk", config.webhookPort(), config.webhookPublicUrl());
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    sunco = new SuncoConnector(config, kafka, webhooks, base);
    support = new SupportConnector(config, kafka, webhooks, base);
    // Agent-initiated tickets reach the requester through the SunCo part: the user by email, their conversation.
    support.useSunco(new SuncoConversations() {
      @Override
      public Optional<String> tenantOf(String suncoConnection) {
        return sunco.connections().tenant(suncoConnection);
      }

      @Override
      public CompletableFuture<Optional<String>> conversationOf(String suncoConnection, String email, String name) {
        // The user's own conversation (the most recently active), where they talk to the bot; a new one if none.
        return sunco.users().find(suncoConnection, email).thenCompose(user -> user.isEmpty()
            ? CompletableFuture.completedFuture(Optional.<String>empty())
            : sunco.users().conversation(suncoConnection, user.get(), null).thenApply(Optional::of));
      }
    });
    return List.of(sunco, support);
  }

  public SuncoConnector sunco() {
    return sunco;
  }

  public SupportConnector support() {
    return support;
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()),
        new ZendeskConnector(ZendeskConfig.fromEnv(System.getenv()),
            KafkaSettings.fromEnv(System.getenv())));
  }
}
