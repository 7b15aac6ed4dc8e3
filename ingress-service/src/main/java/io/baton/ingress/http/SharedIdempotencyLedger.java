package io.baton.ingress.http;

import io.baton.events.IdempotencyStage;
import io.baton.events.IdempotentRequest;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import io.baton.trace.TraceParent;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The Idempotency-Key ledger every ingress instance shares: ingress.idempotency.v1, followed whole by each instance
 * and replayed by the {@link IdempotencySlots} rule. A claim's outcome is what this instance's follower decided on
 * reaching it, after every earlier record of its key: an answer acknowledged before a retry was sent is always seen.
 */
public final class SharedIdempotencyLedger implements IdempotencyLedger, AutoCloseable {
  private final IdempotencySlots slots;
  private final Map<String, CompletableFuture<IdempotencySlots.Outcome>> awaited = new ConcurrentHashMap<>();
  /** Claims released here whose release the follower has not read yet: their keys are free for this instance. */
  private final Set<String> releasedHere = ConcurrentHashMap.newKeySet();
  private final TopicFollower<IdempotentRequest> follower;
  private final EventPublisher publisher;

  /** {@code capacity}: keys kept in memory at most (the oldest forgotten first). */
  public SharedIdempotencyLedger(KafkaSettings kafka, EventPublisher publisher, int capacity) {
    this.slots = new IdempotencySlots(capacity);
    this.publisher = publisher;
    this.follower = new TopicFollower<>(kafka, Topics.INGRESS_IDEMPOTENCY, (key, record) -> {
      if (record == null) {
        return;
      }
      IdempotencySlots.Outcome outcome = slots.apply(key, record);
      if (record.getStage() == IdempotencyStage.released) {
        releasedHere.remove(record.getClaimId());
      }
      CompletableFuture<IdempotencySlots.Outcome> waiting =
          outcome == null ? null : awaited.remove(record.getClaimId());
      if (waiting != null) {
        waiting.complete(outcome);
      }
    });
  }

  /** Returns once every record written before has been replayed. */
  public void start() {
    follower.start();
  }

  @Override
  public CompletableFuture<IdempotencySlots.Outcome> claim(String key, IdempotentRequest pending) {
    CompletableFuture<IdempotencySlots.Outcome> outcome = new CompletableFuture<>();
    awaited.put(pending.getClaimId(), outcome);
    publisher.publish(Topics.INGRESS_IDEMPOTENCY, key, pending, TraceParent.start(), null)
        .whenComplete((ok, error) -> {
          if (error != null) {
            outcome.completeExceptionally(error);
          }
        });
    return outcome.whenComplete((ok, error) -> awaited.remove(pending.getClaimId()));
  }

  @Override
  public CompletableFuture<?> record(String key, IdempotentRequest step) {
    // Ahead of the follower, so a retry here is answered at once (the same record read back changes nothing), or
    // claims afresh at once: its claim is written after the release, so every instance reads them in that order.
    if (step.getStage() == IdempotencyStage.answered) {
      slots.apply(key, step);
    } else if (step.getStage() == IdempotencyStage.released) {
      releasedHere.add(step.getClaimId());
    }
    return publisher.publish(Topics.INGRESS_IDEMPOTENCY, key, step, TraceParent.start(), null);
  }

  @Override
  public IdempotencySlots.Slot holder(String key, Instant now) {
    IdempotencySlots.Slot holder = slots.holder(key, now);
    return holder != null && releasedHere.contains(holder.step().getClaimId()) ? null : holder;
  }

  @Override
  public void close() {
    follower.close();
  }
}
