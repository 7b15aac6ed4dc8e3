package io.baton.router.timers;

import io.baton.events.TimerFired;

/**
 * Where the punctuator puts a timer that came due: a {@link TimerFired} input appended to {@code
 * conversation.inputs.v1}, so the firing is an input like any other, in the conversation's one ordered log. It must
 * not be written inside the router's exactly-once transaction (a Streams sink would be): no transactional producer may
 * write the input topic, because an open transaction there would hold back every record behind it for the
 * read_committed router. In production a plain idempotent producer ({@link ProducerTimerFirings}); tests collect
 * firings and pipe them back into the input topic.
 */
@FunctionalInterface
public interface TimerFirings {
  /** Firings go nowhere: timers never fire (for benchmarks and tools that run the topology without them). */
  TimerFirings DISCARD = (key, firing, timestamp) -> {};

  /**
   * Appends the firing to the conversation's inputs, with {@code timestamp} (the wall clock of the punctuation) as
   * its record time. Asynchronous; a firing that is lost is fired again later (see {@link DueTimers}).
   */
  void fire(String conversationKey, TimerFired firing, long timestamp);
}
