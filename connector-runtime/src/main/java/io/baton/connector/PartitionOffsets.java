package io.baton.connector;

import java.util.TreeSet;

/**
 * The commit rule of one partition: commands finish out of order (different conversations overlap), but the
 * committed offset only moves past a command once it and every earlier command of the partition are done.
 */
final class PartitionOffsets {
  private final TreeSet<Long> pending = new TreeSet<>();
  /** Pending offsets whose commands wait in the sequence gate for a gap to fill: not running, not drained. */
  private final TreeSet<Long> held = new TreeSet<>();
  private long next = -1;
  private long committed = -1;

  synchronized void started(long offset) {
    pending.add(offset);
    next = Math.max(next, offset + 1);
  }

  synchronized void finished(long offset) {
    pending.remove(offset);
    held.remove(offset);
    if (pending.size() == held.size()) {
      notifyAll();
    }
  }

  /** The command waits for an earlier sequence: still pending (the commit stops before it), but not running. */
  synchronized void held(long offset) {
    held.add(offset);
    if (pending.size() == held.size()) {
      notifyAll();
    }
  }

  /** The held command goes on now. */
  synchronized void unheld(long offset) {
    held.remove(offset);
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
    return pending.size() - held.size();
  }

  /** Waits (bounded) until every running command finished (held ones are left to the next owner); true when drained. */
  synchronized boolean awaitDrained(long timeoutMillis) throws InterruptedException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (pending.size() > held.size()) {
      long left = deadline - System.currentTimeMillis();
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    return true;
  }
}
