package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletionException;
import org.junit.jupiter.api.Test;

class RetryPolicyTest {
  private final RetryPolicy policy = new RetryPolicy(5, Duration.ofMillis(100), Duration.ofSeconds(1));
  private final PlatformCallFailed unavailable = new PlatformCallFailed("Messages", 503, null);

  @Test
  void theCeilingDoublesPerAttemptUpToTheMaximum() {
    assertEquals(Duration.ofMillis(100), policy.delay(1, unavailable, () -> 1.0));
    assertEquals(Duration.ofMillis(200), policy.delay(2, unavailable, () -> 1.0));
    assertEquals(Duration.ofMillis(800), policy.delay(4, unavailable, () -> 1.0));
    assertEquals(Duration.ofSeconds(1), policy.delay(5, unavailable, () -> 1.0));
    assertEquals(Duration.ofSeconds(1), policy.delay(60, unavailable, () -> 1.0));
  }

  @Test
  void fullJitterPicksAnywhereBelowTheCeiling() {
    assertEquals(Duration.ZERO, policy.delay(3, unavailable, () -> 0.0));
    assertEquals(Duration.ofMillis(100), policy.delay(3, unavailable, () -> 0.25));
  }

  @Test
  void retryAfterWinsButIsCapped() {
    assertEquals(Duration.ofMillis(700),
        policy.delay(1, new PlatformCallFailed("ChatMessage", 429, Duration.ofMillis(700)), () -> 0.0));
    assertEquals(Duration.ofSeconds(1),
        policy.delay(1, new CompletionException(new PlatformCallFailed("x", 429, Duration.ofSeconds(90))), () -> 0.0));
  }

  @Test
  void onlyThrottlingServerErrorsAndTimeoutsAreRetried() {
    assertTrue(RetryPolicy.retryable(new PlatformCallFailed("x", 429, null)));
    assertTrue(RetryPolicy.retryable(new PlatformCallFailed("x", 500, null)));
    assertTrue(RetryPolicy.retryable(new CompletionException(new PlatformCallFailed("x", 503, null))));
    assertTrue(RetryPolicy.retryable(new HttpTimeoutException("slow")));
    assertTrue(RetryPolicy.retryable(new IOException("connection reset")));
    assertFalse(RetryPolicy.retryable(new PlatformCallFailed("x", 400, null)));
    assertFalse(RetryPolicy.retryable(new PlatformCallFailed("x", 403, null)));
    assertFalse(RetryPolicy.retryable(new IllegalStateException("bug")));
  }
}
