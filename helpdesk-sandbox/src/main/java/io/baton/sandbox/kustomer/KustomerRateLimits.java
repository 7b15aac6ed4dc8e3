package io.baton.sandbox.kustomer;

import io.javalin.http.Context;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Kustomer's limits: the org's requests per 60-second window (opened by its first call) by plan (every answer says {@code x-ratelimit-limit},
 * {@code -remaining} and {@code -reset}, the window's end in epoch seconds; over it 429 {@code too_many_requests}
 * with {@code Retry-After} [guess]), and per customer at most 120 message creates and 120 conversation creates in
 * any 60 seconds (429 {@code customer_rate_limit}). A refused call costs nothing.
 */
final class KustomerRateLimits {
  private static final long WINDOW_MS = 60_000;

  private int perMinute;
  private final int customerCreatesPerMinute;
  private long windowStart;
  private int used;
  private boolean on = true;
  private final Map<String, Deque<Long>> customerMessages = new HashMap<>();
  private final Map<String, Deque<Long>> customerConversations = new HashMap<>();

  KustomerRateLimits(int perMinute, int customerCreatesPerMinute) {
    this.perMinute = perMinute;
    this.customerCreatesPerMinute = customerCreatesPerMinute;
  }

  /** A new limit (a plan change) starts a new window with the next call. */
  synchronized void perMinute(int limit) {
    if (limit < 1) {
      throw new IllegalArgumentException("a rate limit must be positive");
    }
    perMinute = limit;
    windowStart = 0;
    used = 0;
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
    take(ctx, customerMessages, customerId, "message");
  }

  /** Takes one of the customer's conversation creates (a handoff, a session): the same limit, counted apart. */
  synchronized void conversationCreate(Context ctx, String customerId) {
    take(ctx, customerConversations, customerId, "conversation");
  }

  private void take(Context ctx, Map<String, Deque<Long>> creates, String customerId, String what) {
    long now = System.currentTimeMillis();
    Deque<Long> times = creates.computeIfAbsent(customerId, id -> new ArrayDeque<>());
    while (!times.isEmpty() && now - times.peekFirst() >= WINDOW_MS) {
      times.pollFirst();
    }
    if (on && times.size() >= customerCreatesPerMinute) {
      long wait = WINDOW_MS - (now - times.peekFirst());
      ctx.header("Retry-After", Long.toString(Math.max(1, (wait + 999) / 1000)));
      throw new KustomerError(429, "customer_rate_limit", "Too Many Requests", "Customer " + customerId
          + " has reached " + customerCreatesPerMinute + " " + what + " creates per minute", null);
    }
    times.addLast(now);
  }
}
