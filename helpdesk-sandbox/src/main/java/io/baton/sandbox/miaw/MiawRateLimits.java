package io.baton.sandbox.miaw;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * MIAW's documented rate limits (help.salesforce.com, "Rate limits for Messaging for In-App and Web"), enforced as a
 * sliding window per key: at most {@code count} calls in any {@code window}. Beyond it the call is answered 429 with
 * {@code Retry-After} (seconds until the oldest call in the window leaves it). The window semantics, the 429 body and
 * the {@code Retry-After} header are guesses: the documentation names the limits only.
 */
public final class MiawRateLimits {
  /** What is limited, and per what. */
  public enum Kind {
    /** Unauthenticated access tokens: 200 a minute per org. */
    ACCESS_TOKEN(200, Duration.ofMinutes(1)),
    /** Token renewals (continuation tokens): 200 a minute per org. */
    CONTINUATION(200, Duration.ofMinutes(1)),
    /** Conversation starts: 3 per page per 30 s; a page is one visitor (its tokens) here. */
    CONVERSATION(3, Duration.ofSeconds(30)),
    /** Inbound (visitor) messages, files included: 22 a minute per conversation. */
    MESSAGE(22, Duration.ofMinutes(1));

    final int count;
    final Duration window;

    Kind(int count, Duration window) {
      this.count = count;
      this.window = window;
    }
  }

  private record Limit(int count, Duration window) {}

  private final Map<Kind, Limit> limits = new EnumMap<>(Kind.class);
  private final Map<String, Deque<Long>> calls = new ConcurrentHashMap<>();
  private final Map<Kind, AtomicInteger> refused = new EnumMap<>(Kind.class);
  private volatile boolean on = true;

  MiawRateLimits() {
    for (Kind k : Kind.values()) {
      limits.put(k, new Limit(k.count, k.window));
      refused.put(k, new AtomicInteger());
    }
  }

  /** Another limit for {@code kind} (tests scale the windows down); the calls counted so far are forgotten. */
  public synchronized void limit(Kind kind, int count, Duration window) {
    limits.put(kind, new Limit(count, window));
    calls.keySet().removeIf(k -> k.startsWith(kind.name() + "/"));
  }

  /** Turns every limit off (or on again). */
  public void enabled(boolean enabled) {
    on = enabled;
  }

  /** How many calls of this kind were refused so far. */
  public int refusedCount(Kind kind) {
    return refused.get(kind).get();
  }

  /** Counts a call: null when admitted, else how long until the window admits one. */
  Duration take(Kind kind, String key) {
    if (!on) {
      return null;
    }
    Limit limit;
    synchronized (this) {
      limit = limits.get(kind);
    }
    Deque<Long> times = calls.computeIfAbsent(kind.name() + "/" + key, k -> new ArrayDeque<>());
    synchronized (times) {
      long now = System.nanoTime();
      long window = limit.window().toNanos();
      while (!times.isEmpty() && now - times.peekFirst() >= window) {
        times.removeFirst();
      }
      if (times.size() < limit.count()) {
        times.addLast(now);
        return null;
      }
      refused.get(kind).incrementAndGet();
      return Duration.ofNanos(times.peekFirst() + window - now);
    }
  }
}
