package io.baton.ingress.kafka;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * How the ingress's writes to Kafka went lately: the last failure, unless a write was acknowledged after it. A failure
 * counts for a while only: an instance taken out of rotation gets no writes that could show it recovered.
 */
public final class WriteOutcomes {
  private final LongSupplier nanos;
  private long failedAt;
  private String failure;

  public WriteOutcomes(LongSupplier nanos) {
    this.nanos = nanos;
  }

  /** A write's outcome: {@code error} null when Kafka acknowledged it. */
  public synchronized void record(Throwable error) {
    if (error == null) {
      failure = null;
    } else {
      Throwable cause = error.getCause() != null && error instanceof java.util.concurrent.CompletionException
          ? error.getCause()
          : error;
      failure = cause.getClass().getSimpleName(); // the class only: /health is public, Kafka's messages name topics
      failedAt = nanos.getAsLong();
    }
  }

  /** What went wrong with the last write, if it failed within {@code window} and nothing was acknowledged since. */
  public synchronized Optional<String> recentFailure(Duration window) {
    if (failure == null) {
      return Optional.empty();
    }
    long ago = (nanos.getAsLong() - failedAt) / 1_000_000;
    return ago > window.toMillis() ? Optional.empty()
        : Optional.of("the last write to Kafka failed " + ago / 1000 + " s ago (" + failure + ")");
  }
}
