package io.baton.ingress.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.errors.TimeoutException;
import org.junit.jupiter.api.Test;

class WriteOutcomesTest {
  private static final Duration WINDOW = Duration.ofSeconds(10);
  private final AtomicLong nanos = new AtomicLong();
  private final WriteOutcomes outcomes = new WriteOutcomes(nanos::get);

  @Test
  void nothingWrittenOrAcknowledgedIsNoFailure() {
    assertEquals(Optional.empty(), outcomes.recentFailure(WINDOW));
    outcomes.record(null);
    assertEquals(Optional.empty(), outcomes.recentFailure(WINDOW));
  }

  @Test
  void aFailureCountsUntilAWriteIsAcknowledged() {
    outcomes.record(new CompletionException(new TimeoutException("Expiring 1 record(s) for conversation.inputs.v1-3")));
    advance(Duration.ofSeconds(3));
    assertEquals(Optional.of("the last write to Kafka failed 3 s ago (TimeoutException)"),
        outcomes.recentFailure(WINDOW), "the exception's class, never Kafka's message (it names topics)");
    outcomes.record(null);
    assertEquals(Optional.empty(), outcomes.recentFailure(WINDOW));
  }

  @Test
  void aFailureCountsForTheWindowOnlyAnInstanceOutOfRotationGetsNoWritesToProveItRecovered() {
    outcomes.record(new IllegalStateException("closed"));
    advance(WINDOW);
    assertEquals(Optional.of("the last write to Kafka failed 10 s ago (IllegalStateException)"),
        outcomes.recentFailure(WINDOW));
    advance(Duration.ofMillis(1));
    assertEquals(Optional.empty(), outcomes.recentFailure(WINDOW));
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
