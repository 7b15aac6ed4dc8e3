package io.baton.ingress.http;

import io.baton.events.IdempotencyStage;
import io.baton.events.IdempotentRequest;
import java.time.Instant;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state of each Idempotency-Key, by the one rule every ingress replays ingress.idempotency.v1 with, record after
 * record in the topic's order (a key's records share a partition): a pending claim wins while the key is free (never
 * claimed, released, or its holder's {@code holdsUntil} passed: an answer no longer replayed, a claimant that crashed)
 * and loses otherwise; the winner's answer or release applies, a loser's never does. Same records, same order: the
 * same table on every instance, across restarts. A claim is judged at its own time ({@code at}) against times the
 * records carry, so instances agree whatever their clocks and settings.
 */
final class IdempotencySlots {
  /** The winning claim of a key and how far it got: {@code step.stage} is pending or answered. */
  record Slot(IdempotentRequest step) {
    boolean answered() {
      return step.getStage() == IdempotencyStage.answered;
    }

    boolean heldAt(Instant now) {
      return step.getHoldsUntil().isAfter(now);
    }
  }

  /** What a pending claim decided: {@code won}, else the slot that holds the key. */
  record Outcome(boolean won, Slot holder) {}

  private final Map<String, Slot> byKey = new LinkedHashMap<>();
  private final int capacity;

  /** {@code capacity}: keys kept at most, the oldest forgotten first (a bound for memory; same on every instance). */
  IdempotencySlots(int capacity) {
    this.capacity = capacity;
  }

  /** Applies the next record of {@code key}: the outcome of a pending claim, null for an answer or a release. */
  synchronized Outcome apply(String key, IdempotentRequest record) {
    Slot current = byKey.get(key);
    boolean byHolder = current != null && current.step().getClaimId().equals(record.getClaimId());
    switch (record.getStage()) {
      case pending -> {
        if (current != null && current.heldAt(record.getAt())) {
          return new Outcome(false, current);
        }
        put(key, new Slot(record), record.getAt());
        return new Outcome(true, null);
      }
      case answered -> {
        if (byHolder) {
          put(key, new Slot(record), record.getAt());
        }
      }
      case released -> {
        if (byHolder && !current.answered()) {
          byKey.remove(key);
        }
      }
      default -> throw new IllegalArgumentException("unknown stage " + record.getStage());
    }
    return null;
  }

  /** The slot holding {@code key} at {@code now}; null when the key is free. */
  synchronized Slot holder(String key, Instant now) {
    Slot s = byKey.get(key);
    return s != null && s.heldAt(now) ? s : null;
  }

  synchronized int size() {
    return byKey.size();
  }

  /** Latest written last; slots that lapsed by {@code now}, and the oldest beyond {@code capacity}, are forgotten. */
  private void put(String key, Slot slot, Instant now) {
    byKey.remove(key);
    byKey.put(key, slot);
    Iterator<Slot> oldest = byKey.values().iterator();
    while (oldest.hasNext()) {
      Slot s = oldest.next();
      if (byKey.size() <= capacity && s.heldAt(now)) {
        break;
      }
      oldest.remove();
    }
  }
}
