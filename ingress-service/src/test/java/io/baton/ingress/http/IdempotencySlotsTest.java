package io.baton.ingress.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.IdempotencyStage;
import io.baton.events.IdempotentRequest;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** The rule every ingress replays ingress.idempotency.v1 with. */
class IdempotencySlotsTest {
  static final Instant T0 = Instant.parse("2026-11-29T12:00:00Z");

  static IdempotentRequest step(String claim, IdempotencyStage stage, int atSecond, int holdsSeconds) {
    return IdempotentRequest.newBuilder().setClaimId(claim).setFingerprint("f-" + claim).setStage(stage)
        .setStatus(stage == IdempotencyStage.answered ? 202 : null).setAt(T0.plusSeconds(atSecond))
        .setHoldsUntil(T0.plusSeconds(atSecond + holdsSeconds)).build();
  }

  @Test
  void theFirstClaimWinsAndOnlyItsAnswerCounts() {
    IdempotencySlots slots = new IdempotencySlots(100);
    assertTrue(slots.apply("k", step("a", IdempotencyStage.pending, 0, 45)).won());
    IdempotencySlots.Outcome lost = slots.apply("k", step("b", IdempotencyStage.pending, 1, 45));
    assertEquals(false, lost.won());
    assertEquals("a", lost.holder().step().getClaimId());
    // a loser's answer or release changes nothing
    assertNull(slots.apply("k", step("b", IdempotencyStage.answered, 2, 86_400)));
    slots.apply("k", step("b", IdempotencyStage.released, 2, 0));
    assertEquals(IdempotencyStage.pending, slots.holder("k", T0.plusSeconds(3)).step().getStage());
    slots.apply("k", step("a", IdempotencyStage.answered, 3, 86_400));
    IdempotencySlots.Slot answered = slots.holder("k", T0.plusSeconds(4));
    assertEquals("a", answered.step().getClaimId());
    assertTrue(answered.answered());
    // the winner's late release cannot undo its answer; a claim while the answer holds loses to it
    slots.apply("k", step("a", IdempotencyStage.released, 5, 0));
    IdempotencySlots.Outcome retry = slots.apply("k", step("c", IdempotencyStage.pending, 6, 45));
    assertEquals("a answered", retry.holder().step().getClaimId() + " " + retry.holder().step().getStage());
    // once the answer is no longer replayed, the key is free again
    assertNull(slots.holder("k", T0.plusSeconds(3 + 86_400)));
    assertTrue(slots.apply("k", step("d", IdempotencyStage.pending, 3 + 86_400, 45)).won());
  }

  @Test
  void aReleasedKeyIsFreeAndACrashedClaimantsLapses() {
    IdempotencySlots slots = new IdempotencySlots(100);
    slots.apply("k", step("a", IdempotencyStage.pending, 0, 45));
    slots.apply("k", step("a", IdempotencyStage.released, 1, 0));
    assertNull(slots.holder("k", T0.plusSeconds(1)));
    assertTrue(slots.apply("k", step("b", IdempotencyStage.pending, 2, 45)).won());
    // b never answers (its instance crashed): a claim within its hold loses, one after it wins
    assertEquals(false, slots.apply("k", step("c", IdempotencyStage.pending, 46, 45)).won());
    assertTrue(slots.apply("k", step("d", IdempotencyStage.pending, 47, 45)).won());
  }

  @Test
  void theOldestKeysAreForgottenBeyondTheCapacity() {
    IdempotencySlots slots = new IdempotencySlots(2);
    for (String k : new String[] {"k1", "k2", "k3"}) {
      slots.apply(k, step(k, IdempotencyStage.pending, 0, 45));
    }
    assertEquals(2, slots.size());
    assertNull(slots.holder("k1", T0));
    assertEquals("k3", slots.holder("k3", T0).step().getClaimId());
  }
}
