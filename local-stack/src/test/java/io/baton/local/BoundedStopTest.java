package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

class BoundedStopTest {
  private final ByteArrayOutputStream printed = new ByteArrayOutputStream();
  private final PrintStream out = new PrintStream(printed, true, StandardCharsets.UTF_8);

  @Test
  void aStopThatHangsIsAbandonedInOneLineAndTheNextPartsAreStillStopped() {
    CountDownLatch never = new CountDownLatch(1);
    List<String> stopped = new CopyOnWriteArrayList<>();
    long started = System.nanoTime();

    List<String> abandoned = new BoundedStop(Duration.ofMillis(300), Duration.ofSeconds(5), out).stop(List.of(
        new BoundedStop.Part("the ingress", () -> stopped.add("the ingress")),
        new BoundedStop.Part("the broker", () -> {
          try {
            never.await(); // a raft thread spinning in its shutdown
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        }),
        new BoundedStop.Part("the sandbox", () -> stopped.add("the sandbox"))));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(List.of("the broker"), abandoned);
    assertEquals(List.of("the ingress", "the sandbox"), stopped);
    assertEquals("the broker did not stop within 0.3 s: abandoned\n", printed.toString(StandardCharsets.UTF_8));
    assertTrue(took.compareTo(Duration.ofSeconds(2)) < 0, "took " + took);
  }

  @Test
  void onceTheTotalIsSpentEachPartGetsOnlyAShortGraceAndAFailingStopIsSaidWithoutStoppingTheRest() {
    List<String> stopped = new CopyOnWriteArrayList<>();
    Runnable hangs = () -> {
      try {
        Thread.sleep(60_000); // a stop that does not return: abandoned, its thread is a daemon
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    };
    long started = System.nanoTime();

    List<String> abandoned = new BoundedStop(Duration.ofSeconds(2), Duration.ofMillis(100), out).stop(List.of(
        new BoundedStop.Part("a", hangs), new BoundedStop.Part("b", hangs),
        new BoundedStop.Part("c", () -> {
          throw new IllegalStateException("already closed");
        }), new BoundedStop.Part("d", () -> stopped.add("d"))));

    Duration took = Duration.ofNanos(System.nanoTime() - started);
    assertEquals(List.of("a", "b"), abandoned);
    assertEquals(List.of("d"), stopped);
    assertEquals("a did not stop within 0.5 s: abandoned\nb did not stop within 0.5 s: abandoned\n"
        + "stopping c: already closed\n", printed.toString(StandardCharsets.UTF_8));
    assertTrue(took.compareTo(Duration.ofMillis(1500)) < 0, "took " + took);
  }
}
