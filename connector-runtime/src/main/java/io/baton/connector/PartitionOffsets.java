package io.baton.connector;

import java.util.TreeSet;

/**
 * The commit rule of one partition: commands finish out of order (different conversations overlap), but the
 * committed offset only moves past a command once it and every earlier command of the partition are done.
 */
final class PartitionOffsets {
  private final TreeSet<Long> pending = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  synchronized void started(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  synchronized void finished(long offset) {
    pending.remove(offset);
    if (pending.isEmpty()) {
      notifyAll();
    }
  }

  /** The offset to commit (the next record to read after a restart), or -1 when there is nothing new to commit. */
  synchronized long committable() {
    long offset = pending.isEmpty() ? next : pending.first();
    return offset > committed ? offset : -1;
  }

  synchronized void committed(long offset) {
    committed = Math.max(committed, offset);
  }

  synchronized int inFlight() {
    return pending.size();
  }

  /** Waits (bounded) until every started command finished; true when drained. */
  synchronized boolean awaitDrained(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (!pending.isEmpty()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
