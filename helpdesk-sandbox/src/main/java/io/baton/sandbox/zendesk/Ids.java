package io.baton.sandbox.zendesk;

import java.util.concurrent.atomic.AtomicLong;

/** Numeric ids as Zendesk hands them out: large, increasing, one sequence per account. */
final class Ids {
  private final AtomicLong next;

  Ids(long first) {
    this.next = new AtomicLong(first);
  }

  long next() {
    return next.getAndIncrement();
  }
}
