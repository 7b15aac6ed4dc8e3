package io.baton.sandbox.chat2desk;

import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Chat2Desk's webhook retries: after a failed try (a non-2xx answer or none in time) the waits of the schedule
 * (10 s, 5 min, 2 h), whatever the answer was; a webhook that has not had a successful delivery for
 * {@code disableAfter} (5 h) since its first failure is disabled: nothing more is sent to it until it is updated.
 * Tests may make the receiver unreachable for the next N tries.
 */
final class Chat2DeskDeliveryPolicy implements WebhookSender.DeliveryPolicy {
  private final List<Duration> waits;
  private final long disableAfterNanos;
  private final Map<String, Long> failingSince = new ConcurrentHashMap<>();
  private final Map<String, Boolean> disabled = new ConcurrentHashMap<>();
  private final Map<String, Instant> enabledAt = new ConcurrentHashMap<>();
  private final AtomicInteger unreachableTries = new AtomicInteger();

  Chat2DeskDeliveryPolicy(List<Duration> waits, Duration disableAfter) {
    this.waits = List.copyOf(waits);
    this.disableAfterNanos = disableAfter.toNanos();
  }

  /** All tries of one event: the first and one per wait. */
  int tries() {
    return waits.size() + 1;
  }

  @Override
  public Duration retryWait(int status, String retryAfter, int attempt, Duration scheduled) {
    return attempt <= waits.size() ? waits.get(attempt - 1) : null;
  }

  @Override
  public boolean admits(String webhookId) {
    return !disabled(webhookId);
  }

  /** The tries left of an event under way when its webhook was disabled are given up, also once it is enabled again. */
  @Override
  public boolean admits(String webhookId, Instant firstTry) {
    Instant enabled = enabledAt.get(webhookId);
    return admits(webhookId) && (enabled == null || firstTry.isAfter(enabled));
  }

  @Override
  public boolean unreachable(String webhookId) {
    return unreachableTries.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  @Override
  public void answered(String webhookId, int status) {
    long now = System.nanoTime();
    if (status / 100 == 2) {
      failingSince.remove(webhookId);
      return;
    }
    long since = failingSince.computeIfAbsent(webhookId, id -> now);
    if (now - since >= disableAfterNanos) {
      disabled.put(webhookId, true);
    }
  }

  boolean disabled(String webhookId) {
    return disabled.getOrDefault(webhookId, false);
  }

  /** An updated webhook starts afresh. */
  void enable(String webhookId) {
    if (disabled.remove(webhookId) != null) {
      enabledAt.put(webhookId, Instant.now());
    }
    failingSince.remove(webhookId);
  }

  /** The next {@code count} tries (of any webhook) get no answer, as if the receiver were down. */
  void makeUnreachable(int count) {
    unreachableTries.set(count);
  }
}
