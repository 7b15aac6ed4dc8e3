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
  private final String platformMessage;

  public PlatformCallFailed(String call, int status, Duration retryAfter) {
    this(call, status, retryAfter, "");
  }

  /**
   * @param platformMessage what the platform's error answer says ({@code Duplicate externalId}, {@code RecordInvalid:
   *                        ...}; empty when nothing), shown after the call; never a credential
   */
  public PlatformCallFailed(String call, int status, Duration retryAfter, String platformMessage) {
    super(call + (platformMessage.isEmpty() ? "" : " (" + platformMessage + ")") + " answered " + status);
    this.status = status;
    this.retryAfter = retryAfter;
    this.platformMessage = platformMessage;
  }

  /** What the platform's error answer said; empty when nothing. */
  public String platformMessage() {
    return platformMessage;
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
