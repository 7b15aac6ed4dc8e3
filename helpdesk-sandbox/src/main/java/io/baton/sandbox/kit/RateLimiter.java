package io.baton.sandbox.kit;

import io.javalin.http.Context;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A token bucket per key (an API token, an organization...): {@code perSecond} requests a second with bursts of up to
 * {@code burst}. A refused call is answered 429 with the platform's body and {@code Retry-After} (whole seconds, at
 * least 1) and costs the caller nothing but time.
 */
public final class RateLimiter {
  private final double perSecond;
  private final int burst;
  private final Map<String, Bucket> buckets = new ConcurrentHashMap<>();
  private final AtomicInteger refused = new AtomicInteger();
  private volatile boolean on = true;

  private final class Bucket {
    double tokens = burst;
    long at = System.nanoTime();
  }

  public RateLimiter(double perSecond, int burst) {
    if (perSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
    this.perSecond = perSecond;
    this.burst = burst;
  }

  /** Takes a token from the key's bucket: null when admitted, else how long until the next token. */
  public Duration take(String key) {
    if (!on) {
      return null;
    }
    Bucket b = buckets.computeIfAbsent(key, k -> new Bucket());
    synchronized (b) {
      long now = System.nanoTime();
      b.tokens = Math.min(burst, b.tokens + (now - b.at) / 1e9 * perSecond);
      b.at = now;
      if (b.tokens >= 1) {
        b.tokens -= 1;
        return null;
      }
      refused.incrementAndGet();
      return Duration.ofNanos((long) ((1 - b.tokens) / perSecond * 1e9));
    }
  }

  /** Answers 429 (the platform's body, {@code Retry-After}) when the key is over its limit; true: the caller stops. */
  public boolean refuse(Context ctx, String key, ErrorAnswer answer) {
    Duration wait = take(key);
    if (wait == null) {
      return false;
    }
    ctx.header("Retry-After", Long.toString(Math.max(1, (wait.toMillis() + 999) / 1000)));
    answer.write(ctx, 429, "Too Many Requests");
    return true;
  }

  /**
   * How much of the key's burst is in use now (a leaky bucket's level: the calls not yet leaked away), rounded up;
   * 0 for a key that made no call.
   */
  public int used(String key) {
    Bucket b = buckets.get(key);
    if (b == null) {
      return 0;
    }
    synchronized (b) {
      double tokens = Math.min(burst, b.tokens + (System.nanoTime() - b.at) / 1e9 * perSecond);
      return (int) Math.ceil(burst - tokens - 1e-9);
    }
  }

  /** The most calls a key may make at once. */
  public int burst() {
    return burst;
  }

  /** How many calls were refused so far. */
  public int refusedCount() {
    return refused.get();
  }

  /** Turns the limit off (or on again), for tests about something else. */
  public void enabled(boolean enabled) {
    on = enabled;
  }
}
