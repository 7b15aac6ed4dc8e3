package io.baton.router.timers;

import io.baton.events.TimerFired;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * The punctuator's work (wall clock, every {@code timerInterval}): for each timer in the {@link Deadlines} index that
 * is due, a {@link TimerFired} input through {@link TimerFirings}. It changes no conversation: the firing is processed
 * like any input, and acts only if the conversation's state still holds that deadline for that kind.
 *
 * <p>A firing is not sent again at every punctuation while it waits to be processed: the ones sent are remembered (in
 * memory) for {@code resendAfter}, then sent again if the index still holds them (the first one may have been lost).
 * After a restart they may be sent again at once; the repeat is dropped by the state check.
 */
public final class DueTimers {
  /** How many due timers one punctuation sends; the rest wait for the next one. */
  static final int PER_PUNCTUATION = 10_000;

  private final Deadlines index;
  private final TimerFirings firings;
  private final long resendAfterMs;
  private final Map<String, Long> sentAt = new HashMap<>();

  public DueTimers(Deadlines index, TimerFirings firings, long resendAfterMs) {
    this.index = index;
    this.firings = firings;
    this.resendAfterMs = resendAfterMs;
  }

  /** The deterministic id of a firing, also the causation id of what it does. */
  public static String eventId(Deadlines.Kind kind, long deadline) {
    return "timer/" + kind.name() + "/" + deadline;
  }

  public void punctuate(long now) {
    sentAt.values().removeIf(at -> at <= now - resendAfterMs);
    for (Deadlines.Due due : index.due(now, PER_PUNCTUATION, d -> !sentAt.containsKey(sent(d)))) {
      String id = eventId(due.kind(), due.deadline());
      firings.fire(due.conversation(), TimerFired.newBuilder().setEventId(id).setOccurredAt(Instant.ofEpochMilli(now))
          .setKind(due.kind().name()).setDeadline(due.deadline()).build(), now);
      sentAt.put(sent(due), now);
    }
  }

  private static String sent(Deadlines.Due due) {
    return due.conversation() + "|" + due.kind().name() + "|" + due.deadline();
  }
}
