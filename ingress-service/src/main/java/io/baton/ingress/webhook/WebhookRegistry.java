package io.baton.ingress.webhook;

import io.baton.events.BotWebhook;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/** This instance's copy of webhooks.v1 (compacted, keyed by tenant), followed like connections.v1. */
public final class WebhookRegistry implements AutoCloseable {
  private final Map<String, BotWebhook> byTenant = new ConcurrentHashMap<>();
  private final TopicFollower<BotWebhook> follower;

  public WebhookRegistry(KafkaSettings kafka) {
    follower = new TopicFollower<>(kafka, Topics.WEBHOOKS, (tenant, w) -> {
      if (w == null) {
        byTenant.remove(tenant);
      } else {
        apply(w);
      }
    });
  }

  public void start() {
    follower.start();
  }

  public void apply(BotWebhook w) {
    byTenant.merge(w.getTenant(), w, (old, neu) -> neu.getUpdatedAt().isBefore(old.getUpdatedAt()) ? old : neu);
  }

  public Optional<BotWebhook> get(String tenant) {
    return Optional.ofNullable(byTenant.get(tenant));
  }

  /** Every tenant's webhook as far as read. */
  public List<BotWebhook> all() {
    return List.copyOf(byTenant.values());
  }

  @Override
  public void close() {
    follower.close();
  }
}
