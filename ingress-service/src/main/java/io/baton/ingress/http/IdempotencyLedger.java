package io.baton.ingress.http;

import io.baton.events.IdempotentRequest;
import java.time.Instant;
import java.util.concurrent.CompletableFuture;

/**
 * Where the steps of keyed requests are recorded and the {@link IdempotencySlots} rule applied to them: the shared
 * {@code ingress.idempotency.v1} ({@link SharedIdempotencyLedger}), or {@link #inMemory} for answers that must not
 * leave the instance.
 */
interface IdempotencyLedger {
  /** Records a pending claim; completes with its outcome once the rule has been applied to it. */
  CompletableFuture<IdempotencySlots.Outcome> claim(String key, IdempotentRequest pending);

  /** Records the winner's answer or release; completes once it is durable. */
  CompletableFuture<?> record(String key, IdempotentRequest step);

  /** The slot holding {@code key} at {@code now}, as far as this instance has read; null when free. */
  IdempotencySlots.Slot holder(String key, Instant now);

  /** A ledger in this instance's memory only. */
  static IdempotencyLedger inMemory(int capacity) {
    IdempotencySlots slots = new IdempotencySlots(capacity);
    return new IdempotencyLedger() {
      @Override
      public CompletableFuture<IdempotencySlots.Outcome> claim(String key, IdempotentRequest pending) {
        return CompletableFuture.completedFuture(slots.apply(key, pending));
      }

      @Override
      public CompletableFuture<?> record(String key, IdempotentRequest step) {
        slots.apply(key, step);
        return CompletableFuture.completedFuture(null);
      }

      @Override
      public IdempotencySlots.Slot holder(String key, Instant now) {
        return slots.holder(key, now);
      }
    };
  }
}
