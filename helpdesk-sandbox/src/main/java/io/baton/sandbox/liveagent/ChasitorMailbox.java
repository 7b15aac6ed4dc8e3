package io.baton.sandbox.liveagent;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * What goes to the visitor through the long poll: each session's outbox of unacknowledged messages and the poll held
 * open until a message comes or the hold ends. Guarded by the simulator's lock; poll futures are completed through
 * {@code deliveries}, run after the lock is released.
 */
final class ChasitorMailbox {
  private final Object lock;
  private final ScheduledExecutorService scheduler;
  private final Duration longPollHold;

  ChasitorMailbox(Object lock, ScheduledExecutorService scheduler, Duration longPollHold) {
    this.lock = lock;
    this.scheduler = scheduler;
    this.longPollHold = longPollHold;
  }

  /** Queues a message for the visitor and answers a held poll at once. */
  void send(ChasitorSession session, String type, Map<String, Object> message, List<Runnable> deliveries) {
    if (session.closed) {
      return;
    }
    session.enqueue(type, message);
    if (session.heldPoll != null) {
      ChasitorResponse response = session.messagesResponse();
      answerHeldPoll(session, response, deliveries);
      session.lastPollNanos = System.nanoTime();
    }
  }

  /** The visitor polls with {@code ack=N}: what it got is dropped from the outbox, and it was seen polling now. */
  void acknowledge(ChasitorSession session, long ack) {
    session.acknowledge(ack);
    session.lastPollNanos = System.nanoTime();
  }

  /** Holds the poll open until a message is sent or the hold ends (then 204). */
  CompletableFuture<ChasitorResponse> hold(ChasitorSession session) {
    CompletableFuture<ChasitorResponse> held = new CompletableFuture<>();
    session.heldPoll = held;
    session.holdTimer = scheduler.schedule(() -> holdExpired(session, held), longPollHold.toMillis(),
        TimeUnit.MILLISECONDS);
    return held;
  }

  private void holdExpired(ChasitorSession session, CompletableFuture<ChasitorResponse> held) {
    synchronized (lock) {
      if (session.heldPoll != held) {
        return;
      }
      session.heldPoll = null;
      session.holdTimer = null;
      session.lastPollNanos = System.nanoTime();
    }
    held.complete(ChasitorResponse.noContent());
  }

  /** A held poll of the session, if any, gets {@code response}; its hold timer stops. */
  void answerHeldPoll(ChasitorSession session, ChasitorResponse response, List<Runnable> deliveries) {
    if (session.holdTimer != null) {
      session.holdTimer.cancel(false);
      session.holdTimer = null;
    }
    if (session.heldPoll != null) {
      CompletableFuture<ChasitorResponse> held = session.heldPoll;
      session.heldPoll = null;
      deliveries.add(() -> held.complete(response));
    }
  }

  /** Every held poll of these sessions gets 204 (completed after the lock is released); for shutdown. */
  void releaseAll(Collection<ChasitorSession> sessions) {
    List<CompletableFuture<ChasitorResponse>> held = new ArrayList<>();
    synchronized (lock) {
      for (ChasitorSession session : sessions) {
        if (session.heldPoll != null) {
          held.add(session.heldPoll);
          session.heldPoll = null;
          if (session.holdTimer != null) {
            session.holdTimer.cancel(false);
          }
        }
      }
    }
    held.forEach(f -> f.complete(ChasitorResponse.noContent()));
  }
}
