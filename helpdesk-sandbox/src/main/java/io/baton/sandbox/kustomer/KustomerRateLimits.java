package io.baton.sandbox.kustomer;

import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Kustomer's limits: the org's requests per 60-second window (opened by its first call) by plan (every answer says {@code x-ratelimit-limit},
 * {@code -remaining} and {@code -reset}, the window's end in epoch seconds; over it 429 {@code too_many_requests}
 * with {@code Retry-After} [guess]), and per customer at most 120 message creates in any 60 seconds (429
 * {@code customer_rate_limit}). A refused call costs nothing.
 */
final class KustomerRateLimits {
  private static final long WINDOW_MS = 60_000;

  private int perMinute;
  private final int customerMessagesPerMinute;
  private long windowStart;
  private int used;
  private boolean on = true;
  private final Map<String, Deque<Long>> customerMessages = new HashMap<>();

  KustomerRateLimits(int perMinute, int customerMessagesPerMinute) {
    this.perMinute = perMinute;
    this.customerMessagesPerMinute = customerMessagesPerMinute;
  }

  synchronized void perMinute(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a rate limit must be positive");
    }
    perMinute = limit;
  }

  synchronized int perMinute() {
    return perMinute;
  }

  synchronized void enabled(boolean enabled) {
    on = enabled;
  }

  /** Counts a call against the org's window and sets the headers; true when it is over the limit (answered 429). */
  synchronized boolean refuse(Context ctx) {
    long now = System.currentTimeMillis();
    if (now - windowStart >= WINDOW_MS) {
      windowStart = now; // a window opens with its first call
      used = 0;
    }
    long reset = (windowStart + WINDOW_MS) / 1000;
    ctx.header("x-ratelimit-limit", Integer.toString(perMinute));
    ctx.header("x-ratelimit-reset", Long.toString(reset));
    if (on && used >= perMinute) {
      ctx.header("x-ratelimit-remaining", "0");
      ctx.header("Retry-After", Long.toString(Math.max(1, reset - now / 1000)));
      KustomerError.write(ctx, 429, "too_many_requests", "Too Many Requests",
          "The org's rate limit of " + perMinute + " requests per minute is exceeded", null);
      return true;
    }
    used++;
    ctx.header("x-ratelimit-remaining", Integer.toString(Math.max(0, perMinute - used)));
    return false;
  }

  /** Takes one of the customer's message creates, or throws 429 {@code customer_rate_limit} with Retry-After. */
  synchronized void messageCreate(Context ctx, String customerId) {
    long now = System.currentTimeMillis();
    Deque<Long> times = customerMessages.computeIfAbsent(customerId, id -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MS) {
      times.pollFirst();
    }
    if (on && times.size() >= customerMessagesPerMinute) {
      long wait = WINDOW_MS - (now - times.peekFirst());
      ctx.header("Retry-After", Long.toString(Math.max(1, (wait + 999) / 1000)));
      throw new KustomerError(429, "customer_rate_limit", "Too Many Requests", "Customer " + customerId
          + " has reached " + customerMessagesPerMinute + " message creates per minute", null);
    }
    times.addLast(now);
  }
}
