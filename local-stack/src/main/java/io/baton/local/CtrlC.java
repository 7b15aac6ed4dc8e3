package io.baton.local;

import java.io.PrintStream;
import java.util.concurrent.atomic.AtomicInteger;
import sun.misc.Signal;

/**
 * What Ctrl-C (SIGINT) does to the local stack: the first stops it (the JVM's shutdown hooks, each stop bounded), a
 * second one while it is stopping ends the JVM at once, whatever is still running.
 */
final class CtrlC {
  static final int EXIT_STATUS = 130; // 128 + SIGINT, as a shell reports a process ended by Ctrl-C

  private final AtomicInteger presses = new AtomicInteger();
  private final Runnable stop;
  private final Runnable force;

  CtrlC(Runnable stop, Runnable force) {
    this.stop = stop;
    this.force = force;
  }

  /** One Ctrl-C: the first stops, the second forces; later ones find the JVM already going. */
  void pressed() {
    int press = presses.incrementAndGet();
    if (press == 1) {
      stop.run();
    } else if (press == 2) {
      force.run();
    }
  }

  /** Takes over SIGINT in this JVM (instead of the JVM's own handler, which only runs the shutdown hooks). */
  static void install(PrintStream out) {
    CtrlC ctrlC = new CtrlC(() -> {
      out.println("Stopping... (Ctrl-C again to force)");
      // Not on the signal's thread: exit waits for the shutdown hooks, and a second signal must still be handled.
      new Thread(() -> System.exit(EXIT_STATUS), "ctrl-c-stop").start();
    }, () -> {
      out.println("Stopped by force (second Ctrl-C).");
      Runtime.getRuntime().halt(EXIT_STATUS);
    });
    Signal.handle(new Signal("INT"), signal -> ctrlC.pressed());
  }
}
