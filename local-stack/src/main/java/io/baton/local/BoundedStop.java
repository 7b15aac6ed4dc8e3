package io.baton.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Stops the stack's parts one after the other, each within a deadline and all within a total one: a part whose stop
 * does not return in time (a broker thread spinning in its shutdown, say) is abandoned with one line saying so, and the
 * next one is stopped. The caller decides what an abandoned part means (the local stack's main halts the JVM).
 */
final class BoundedStop {
  /** One part to stop, by the name a person knows it by. */
  record Part(String name, Runnable stop) {}

  private final Duration each;
  private final Duration total;
  private final PrintStream out;

  BoundedStop(Duration each, Duration total, PrintStream out) {
    this.each = each;
    this.total = total;
    this.out = out;
  }

  /** Stops {@code parts} in their order; returns the names of those abandoned (empty when all stopped in time). */
  List<String> stop(List<Part> parts) {
    long deadline = System.nanoTime() + total.toNanos();
    List<String> abandoned = new ArrayList<>();
    for (Part part : parts) {
      // Each part gets its own time even when the total is spent, but no more than a short grace then.
      long left = Math.max(deadline - System.nanoTime(), Duration.ofMillis(500).toNanos());
      Duration patience = Duration.ofNanos(Math.min(each.toNanos(), left));
      Thread stopping = new Thread(() -> {
        try {
          part.stop().run();
        } catch (RuntimeException e) {
          out.println("stopping " + part.name() + ": " + e.getMessage());
        }
      }, "stopping " + part.name());
      stopping.setDaemon(true); // an abandoned stop must not keep the JVM alive
      stopping.start();
      try {
        stopping.join(patience.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      if (stopping.isAlive()) {
        out.printf("%s did not stop within %.1f s: abandoned%n", part.name(), patience.toMillis() / 1000.0);
        abandoned.add(part.name());
      }
    }
    return abandoned;
  }
}
