package io.baton.sandbox.oracle;

import io.baton.sandbox.oracle.OracleEngagement.HeldPoll;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * The {@code getMessages} long poll: answered at once with what is pending, else held (no thread waits) until a
 * system message is queued or the hold ends (an empty collection, as the docs say). One poll per session: a second
 * one answers the first empty and takes its place [guess: the docs only tell clients to keep one retrieval thread].
 * A message is handed out once; one queued while the held poll's client has hung up stays pending for the next poll
 * [guess: the docs promise nothing]. Called under the simulator's lock; futures complete through {@code deliveries},
 * run after the lock is released.
 */
final class OraclePolls {
  private final Object lock;
  private final ScheduledExecutorService timers;
  private volatile Duration hold;

  OraclePolls(Object lock, ScheduledExecutorService timers, Duration hold) {
    this.lock = lock;
    this.timers = timers;
    this.hold = hold;
  }

  void hold(Duration hold) {
    if (hold.isNegative() || hold.isZero()) {
      throw new IllegalArgumentException("the poll hold must be positive");
    }
    this.hold = hold;
  }

  Duration hold() {
    return hold;
  }

  CompletableFuture<List<Map<String, Object>>> poll(OracleEngagement e, BooleanSupplier clientGone,
      List<Runnable> deliveries) {
    release(e, deliveries);
    if (!e.pending.isEmpty()) {
      return CompletableFuture.completedFuture(e.takePending());
    }
    if (e.concluded()) {
      // Everything was handed out: the session is over [guess].
      throw OracleError.notFound("Engagement " + e.engagementId + " has concluded");
    }
    CompletableFuture<List<Map<String, Object>>> answer = new CompletableFuture<>();
    HeldPoll held = new HeldPoll(answer, clientGone);
    e.heldPoll = held;
    e.holdTimer = timers.schedule(() -> expire(e, held), hold.toMillis(), TimeUnit.MILLISECONDS);
    return answer;
  }

  /** A system message was queued: the held poll gets everything pending, unless its client is gone. */
  void queued(OracleEngagement e, List<Runnable> deliveries) {
    HeldPoll held = e.heldPoll;
    if (held == null) {
      return;
    }
    if (held.clientGone().getAsBoolean()) {
      release(e, deliveries); // nobody would read it: the messages wait for the next poll
      return;
    }
    cancelTimer(e);
    e.heldPoll = null;
    List<Map<String, Object>> messages = e.takePending();
    deliveries.add(() -> held.answer().complete(messages));
  }

  /** The held poll, if any, is answered empty. */
  void release(OracleEngagement e, List<Runnable> deliveries) {
    HeldPoll held = e.heldPoll;
    if (held != null) {
      cancelTimer(e);
      e.heldPoll = null;
      deliveries.add(() -> held.answer().complete(List.of()));
    }
  }

  /** Every held poll is answered empty; for shutdown. */
  void releaseAll(Collection<OracleEngagement> engagements) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      engagements.forEach(e -> release(e, deliveries));
    }
    deliveries.forEach(Runnable::run);
  }

  private void expire(OracleEngagement e, HeldPoll held) {
    synchronized (lock) {
      if (e.heldPoll != held) {
        return;
      }
      e.heldPoll = null;
      e.holdTimer = null;
    }
    held.answer().complete(List.of());
  }

  private static void cancelTimer(OracleEngagement e) {
    if (e.holdTimer != null) {
      e.holdTimer.cancel(false);
      e.holdTimer = null;
    }
  }
}
