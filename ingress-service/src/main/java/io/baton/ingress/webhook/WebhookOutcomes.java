package io.baton.ingress.webhook;

import io.baton.events.WebhookFailure;
import io.baton.events.WebhookTally;
import io.baton.ingress.http.Acknowledgements;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import io.baton.trace.TraceParent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Bot-webhook deliveries per tenant, shown by {@code GET /v1/webhook} on any instance: counts and the latest failures.
 * Kept per tenant and partition of conversation.events.v2 in webhooks.outcomes.v1 (compacted): the dispatcher that
 * owns a partition continues the tally it finds there (it caught up when the partition was assigned, and the previous
 * owner settled its writes before letting go), and every instance follows the topic and sums a tenant's partitions.
 */
public final class WebhookOutcomes implements AutoCloseable {
  static final int KEPT_FAILURES = 20;
  private static final Logger log = LoggerFactory.getLogger(WebhookOutcomes.class);

  public record Failure(String eventId, String conversationId, long sequence, int attempts, String error,
      Instant at) {}

  public record Tally(long delivered, long failed, List<Failure> recentFailures) {}

  /** Per tenant, per partition, the latest tally. */
  private final Map<String, Map<Integer, WebhookTally>> byTenant = new ConcurrentHashMap<>();
  private final Map<String, CompletableFuture<?>> unsettled = new ConcurrentHashMap<>();
  private final TopicFollower<WebhookTally> follower;
  private final EventPublisher publisher;
  private final Duration patience;
  private final Clock clock;

  public WebhookOutcomes(KafkaSettings kafka, EventPublisher publisher, Duration patience, Clock clock) {
    this.publisher = publisher;
    this.patience = patience;
    this.clock = clock;
    this.follower = new TopicFollower<>(kafka, Topics.WEBHOOK_OUTCOMES, (key, tally) -> {
      if (tally != null) {
        // this instance's own later counts may be ahead of what it reads back: keep the furthest
        partitions(tally.getTenant()).merge(tally.getPartition(), tally,
            (mine, read) -> total(read) >= total(mine) ? read : mine);
      }
    });
  }

  public void start() {
    follower.start();
  }

  void delivered(String tenant, int partition) {
    count(tenant, partition, 1, 0, null);
  }

  void failed(String tenant, int partition, Failure failure) {
    count(tenant, partition, 0, 1, failure);
  }

  /** Before counting partitions just assigned: what their previous owners wrote (bounded by the patience). */
  void catchUp() {
    if (!follower.catchUp(patience)) {
      log.warn("webhook outcomes not caught up within {}: counts of new partitions may restart lower", patience);
    }
  }

  /** Before letting partitions go: this instance's tallies are written, so their next owner continues them. */
  void settle() {
    try {
      CompletableFuture.allOf(unsettled.values().toArray(CompletableFuture[]::new))
          .get(patience.toMillis(), TimeUnit.MILLISECONDS);
    } catch (Exception e) {
      log.warn("webhook outcomes not all written before a rebalance: {}", e.toString());
    }
  }

  /** A tenant's deliveries on every partition, as written before this call on any instance (503 if Kafka lags). */
  public Tally of(String tenant) {
    if (!follower.catchUp(patience)) {
      throw Acknowledgements.unavailable().exception();
    }
    long delivered = 0;
    long failed = 0;
    List<Failure> failures = new ArrayList<>();
    for (WebhookTally t : partitions(tenant).values()) {
      delivered += t.getDelivered();
      failed += t.getFailed();
      t.getRecentFailures().forEach(f -> failures.add(new Failure(f.getEventId(), f.getConversationId(),
          f.getSequence(), f.getAttempts(), f.getError(), f.getAt())));
    }
    failures.sort(Comparator.comparing(Failure::at).reversed());
    return new Tally(delivered, failed, List.copyOf(failures.subList(0, Math.min(KEPT_FAILURES, failures.size()))));
  }

  private void count(String tenant, int partition, long delivered, long failed, Failure failure) {
    Map<Integer, WebhookTally> partitions = partitions(tenant);
    WebhookTally next;
    synchronized (partitions) {
      WebhookTally t = partitions.get(partition);
      List<WebhookFailure> failures = new ArrayList<>(t == null ? List.of() : t.getRecentFailures());
      if (failure != null) {
        failures.add(0, WebhookFailure.newBuilder().setEventId(failure.eventId())
            .setConversationId(failure.conversationId()).setSequence(failure.sequence())
            .setAttempts(failure.attempts()).setError(failure.error())
            .setAt(failure.at().truncatedTo(ChronoUnit.MILLIS)).build());
      }
      next = WebhookTally.newBuilder().setTenant(tenant).setPartition(partition)
          .setDelivered((t == null ? 0 : t.getDelivered()) + delivered)
          .setFailed((t == null ? 0 : t.getFailed()) + failed)
          .setRecentFailures(failures.subList(0, Math.min(KEPT_FAILURES, failures.size())))
          .setUpdatedAt(clock.instant().truncatedTo(ChronoUnit.MILLIS)).build();
      partitions.put(partition, next);
    }
    String key = tenant + "/" + partition;
    CompletableFuture<?> written = publisher.publish(Topics.WEBHOOK_OUTCOMES, key, next, TraceParent.start(), null);
    unsettled.put(key, written);
    written.whenComplete((ok, error) -> {
      unsettled.remove(key, written);
      if (error != null) {
        log.warn("webhook outcome of {} not written: {}", key, error.toString());
      }
    });
  }

  private Map<Integer, WebhookTally> partitions(String tenant) {
    return byTenant.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>());
  }

  private static long total(WebhookTally t) {
    return t.getDelivered() + t.getFailed();
  }

  @Override
  public void close() {
    follower.close();
  }
}
