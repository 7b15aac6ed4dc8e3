package io.baton.connector.calls;

import java.time.Duration;
import java.util.Optional;

/**
 * A platform answered a call with an error status. 429 and 5xx are worth another try (after {@code Retry-After}
 * when the platform sent one); other statuses are final.
 */
public class PlatformCallFailed extends RuntimeException {
  private final int status;
  private final Duration retryAfter;

  public PlatformCallFailed(String call, int status, Duration retryAfter) {
    super(call + " answered " + status);
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public int status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return status == 429 || status / 100 == 5;
  }
}
