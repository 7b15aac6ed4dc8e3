package io.baton.sandbox.freshchat;

import java.time.Duration;
import java.util.List;

/**
 * What a test or the local stack may change about the Freshchat simulator at construction (the same can be changed
 * later through {@link FreshchatSimulator}'s methods).
 *
 * @param retryWaits        the waits before each webhook retry ([guess] 1 min, 5 min, 15 min)
 * @param answerTimeout     how long a webhook POST may take before it counts as failed (5 s)
 * @param requestsPerWindow the account's rate limit ([unconfirmed] 60 requests...)
 * @param window            ...per this window (10 s)
 */
public record FreshchatSettings(List<Duration> retryWaits, Duration answerTimeout, int requestsPerWindow,
    Duration window) {
  public static final List<Duration> RETRY_WAITS =
      List.of(Duration.ofMinutes(1), Duration.ofMinutes(5), Duration.ofMinutes(15));
  /** The most retries a schedule may have. */
  public static final int MAX_RETRIES = 20;

  public FreshchatSettings {
    retryWaits = checkedWaits(retryWaits);
    if (requestsPerWindow < 1 || window.isNegative() || window.isZero()) {
      throw new IllegalArgumentException("a rate limit needs a positive count and window");
    }
  }

  /** A retry schedule: at most {@link #MAX_RETRIES} waits, none negative. */
  static List<Duration> checkedWaits(List<Duration> waits) {
    List<Duration> copy = List.copyOf(waits);
    if (copy.size() > MAX_RETRIES || copy.stream().anyMatch(Duration::isNegative)) {
      throw new IllegalArgumentException("at most " + MAX_RETRIES + " retries, none with a negative wait");
    }
    return copy;
  }

  public static FreshchatSettings defaults() {
    return new FreshchatSettings(RETRY_WAITS, Duration.ofSeconds(5), 60, Duration.ofSeconds(10));
  }

  /** Other retry waits, e.g. milliseconds for tests. */
  public FreshchatSettings withRetries(List<Duration> waits) {
    return new FreshchatSettings(waits, answerTimeout, requestsPerWindow, window);
  }

  public FreshchatSettings withAnswerTimeout(Duration timeout) {
    return new FreshchatSettings(retryWaits, timeout, requestsPerWindow, window);
  }

  public FreshchatSettings withRateLimit(int requests, Duration per) {
    return new FreshchatSettings(retryWaits, answerTimeout, requests, per);
  }
}
