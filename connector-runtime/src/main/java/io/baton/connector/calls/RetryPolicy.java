package io.baton.connector.calls;

import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.function.DoubleSupplier;

/**
 * How often and how patiently a platform call is tried: exponential backoff with full jitter (so a fleet of clients
 * that failed together does not retry together), a platform's {@code Retry-After} taking precedence, capped.
 *
 * @param maxAttempts every try counts, the first included
 * @param base        the backoff ceiling of the first retry; it doubles per retry
 * @param max         no single wait is longer, {@code Retry-After} included
 */
public record RetryPolicy(int maxAttempts, Duration base, Duration max) {

  public RetryPolicy {
    if (maxAttempts < 1) {
      throw new IllegalArgumentException("maxAttempts must be at least 1");
    }
  }

  public static RetryPolicy defaults() {
    return new RetryPolicy(6, Duration.ofMillis(200), Duration.ofSeconds(20));
  }

  /** The wait before try number {@code attempt + 1}, after try {@code attempt} (1-based) failed with {@code error}. */
  public Duration delay(int attempt, Throwable error, DoubleSupplier random) {
    Throwable cause = unwrap(error);
    if (cause instanceof PlatformCallFailed failed && failed.retryAfter().isPresent()) {
      Duration asked = failed.retryAfter().get();
      return asked.compareTo(max) > 0 ? max : asked;
    }
    long ceiling = Math.min(max.toMillis(), base.toMillis() << Math.min(attempt - 1, 20));
    return Duration.ofMillis((long) (random.getAsDouble() * ceiling));
  }

  /** 429, 5xx, timeouts and refused connections are worth another try; anything else is final. */
  public static boolean retryable(Throwable error) {
    Throwable cause = unwrap(error);
    if (cause instanceof PlatformCallFailed failed) {
      return failed.retryable();
    }
    return cause instanceof HttpTimeoutException || cause instanceof TimeoutException
        || cause instanceof ConnectException || cause instanceof java.io.IOException;
  }

  static Throwable unwrap(Throwable error) {
    Throwable t = error;
    while ((t instanceof CompletionException || t instanceof ExecutionException) && t.getCause() != null) {
      t = t.getCause();
    }
    return t;
  }
}
