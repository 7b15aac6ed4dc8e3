package io.baton.connector.calls;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * A token bucket: {@code capacity} calls at once, refilled at {@code perSecond}. {@link #reserve} never blocks; it
 * says how long the caller must wait for its token, so thousands of chats can wait on one timer thread.
 */
public final class TokenBucket {
  private final double capacity;
  private final double perNano;
  private final LongSupplier nanoClock;
  private double tokens;
  private long updatedAt;

  public TokenBucket(double perSecond, int capacity, LongSupplier nanoClock) {
    if (perSecond <= 0 || capacity < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and capacity");
    }
    this.capacity = capacity;
    this.perNano = perSecond / 1e9;
    this.nanoClock = nanoClock;
    this.tokens = capacity;
    this.updatedAt = nanoClock.getAsLong();
  }

  /** Takes a token, possibly one not yet refilled: the answer is how long to wait before using it. */
  public synchronized Duration reserve() {
    long now = nanoClock.getAsLong();
    tokens = Math.min(capacity, tokens + (now - updatedAt) * perNano);
    updatedAt = now;
    tokens -= 1;
    return tokens >= 0 ? Duration.ZERO : Duration.ofNanos((long) Math.ceil(-tokens / perNano));
  }
}
