package io.baton.ingress.webhook;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Per tenant, what this instance delivered: counts and the latest failures (bounded), shown by
 * {@code GET /v1/webhook}. In memory: each instance reports the deliveries of the partitions it owns.
 */
public final class WebhookOutcomes {
  static final int KEPT_FAILURES = 20;

  public record Failure(String eventId, String conversationId, long sequence, int attempts, String error,
      Instant at) {}

  public record Tally(long delivered, long failed, List<Failure> recentFailures) {}

  private static final class Counts {
    long delivered;
    long failed;
    final ArrayDeque<Failure> failures = new ArrayDeque<>();
  }

  private final Map<String, Counts> byTenant = new ConcurrentHashMap<>();

  void delivered(String tenant) {
    Counts c = byTenant.computeIfAbsent(tenant, t -> new Counts());
    synchronized (c) {
      c.delivered++;
    }
  }

  void failed(String tenant, Failure failure) {
    Counts c = byTenant.computeIfAbsent(tenant, t -> new Counts());
    synchronized (c) {
      c.failed++;
      c.failures.addFirst(failure);
      while (c.failures.size() > KEPT_FAILURES) {
        c.failures.removeLast();
      }
    }
  }

  public Tally of(String tenant) {
    Counts c = byTenant.get(tenant);
    if (c == null) {
      return new Tally(0, 0, List.of());
    }
    synchronized (c) {
      return new Tally(c.delivered, c.failed, List.copyOf(c.failures));
    }
  }
}
