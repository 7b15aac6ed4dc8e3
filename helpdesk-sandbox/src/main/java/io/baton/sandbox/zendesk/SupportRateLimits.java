package io.baton.sandbox.zendesk;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Support's rate limits (api-reference/introduction/rate-limits): the account's requests per minute by plan (200 to
 * 2,500), reported on every answer in {@code X-Rate-Limit} and {@code X-Rate-Limit-Remaining}; and Update Ticket's own
 * limits, 30 updates per 10 minutes per user per ticket and 100 updates a minute per account. Each is a sliding window
 * whose limit and length are settings, so tests reach them quickly; a refused call is 429 with {@code Retry-After}
 * (whole seconds until the oldest counted call leaves the window) and costs nothing else.
 */
final class SupportRateLimits {
  /** The limits: the account's per window, and Update Ticket's per user and ticket, and per account. */
  record Limits(int accountRequests, Duration accountWindow, int ticketUpdatesPerUser, Duration ticketUpdateWindow,
      int accountUpdates, Duration accountUpdateWindow) {}

  /** A call admitted ({@code retryAfterSeconds} 0) or refused, with what is left in the account window. */
  record Verdict(long retryAfterSeconds, int remaining) {
    boolean refused() {
      return retryAfterSeconds > 0;
    }
  }

  private final Limits limits;
  private final Window account;
  private final Window ticketUpdates;
  private final Window accountUpdates;
  private volatile boolean on = true;

  SupportRateLimits(Limits limits) {
    this.limits = limits;
    this.account = new Window(limits.accountRequests(), limits.accountWindow());
    this.ticketUpdates = new Window(limits.ticketUpdatesPerUser(), limits.ticketUpdateWindow());
    this.accountUpdates = new Window(limits.accountUpdates(), limits.accountUpdateWindow());
  }

  Limits limits() {
    return limits;
  }

  void enabled(boolean enabled) {
    on = enabled;
  }

  /** Counts a call against the account's limit. */
  Verdict request() {
    if (!on) {
      return new Verdict(0, limits.accountRequests());
    }
    return account.take("account");
  }

  /** Counts an Update Ticket call by {@code userId} on {@code ticketId}: both of its limits, or neither. */
  synchronized long ticketUpdate(long userId, long ticketId) {
    if (!on) {
      return 0;
    }
    String key = userId + "/" + ticketId;
    long perTicket = ticketUpdates.wait(key);
    long perAccount = accountUpdates.wait("account");
    if (perTicket > 0 || perAccount > 0) {
      return Math.max(perTicket, perAccount);
    }
    ticketUpdates.take(key);
    accountUpdates.take("account");
    return 0;
  }

  /** Calls in the last window, per key; a refused call is not counted. */
  private static final class Window {
    private final int limit;
    private final long windowNanos;
    private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();

    Window(int limit, Duration window) {
      this.limit = limit;
      this.windowNanos = window.toNanos();
    }

    /** Seconds until a call would be admitted (0: now). */
    long wait(String key) {
      Deque<Long> q = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (q) {
        long now = System.nanoTime();
        drop(q, now);
        return q.size() < limit ? 0 : Math.max(1, (q.peekFirst() + windowNanos - now + 999_999_999L) / 1_000_000_000L);
      }
    }

    Verdict take(String key) {
      Deque<Long> q = calls.computeIfAbsent(key, k -> new ArrayDeque<>());
      synchronized (q) {
        long now = System.nanoTime();
        drop(q, now);
        if (q.size() >= limit) {
          return new Verdict(Math.max(1, (q.peekFirst() + windowNanos - now + 999_999_999L) / 1_000_000_000L), 0);
        }
        q.addLast(now);
        return new Verdict(0, limit - q.size());
      }
    }

    private void drop(Deque<Long> q, long now) {
      while (!q.isEmpty() && now - q.peekFirst() >= windowNanos) {
        q.removeFirst();
      }
    }
  }
}
