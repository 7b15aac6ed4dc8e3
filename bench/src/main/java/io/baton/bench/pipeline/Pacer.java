package io.baton.bench.pipeline;

import java.util.concurrent.locks.LockSupport;

/**
 * Open-loop pacing at a fixed rate: each send has its slot on a schedule fixed at the start, so a slow answer does
 * not delay the sends after it (which would hide the very latency being measured).
 */
final class Pacer {
  private final long intervalNanos;
  private long next = System.nanoTime();

  Pacer(double perSecond) {
    this.intervalNanos = (long) (1e9 / perSecond);
  }

  void awaitNext() {
    long now = System.nanoTime();
    if (next > now) {
      LockSupport.parkNanos(next - now);
    }
    next += intervalNanos;
  }
}
