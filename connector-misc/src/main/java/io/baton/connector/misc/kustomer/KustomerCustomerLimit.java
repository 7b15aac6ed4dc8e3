package io.baton.connector.misc.kustomer;

import io.baton.connector.calls.TokenBucket;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Kustomer's second limit: at most {@code perMinute} (120) message creates per customer in any 60 seconds. A bucket
 * per customer holds half of it and refills the other half over the minute, so no 60-second window sees more; a
 * message beyond it waits on a timer (no thread blocked). A 429 {@code customer_rate_limit} anyway (another client
 * writing as the customer) is retried after Kustomer's {@code Retry-After} like any 429.
 */
final class KustomerCustomerLimit {
  private final int perMinute;
  private final LongSupplier nanoClock;
  private final Map<String, TokenBucket> buckets = new ConcurrentHashMap<>();

  KustomerCustomerLimit(int perMinute, LongSupplier nanoClock) {
    this.perMinute = perMinute;
    this.nanoClock = nanoClock;
  }

  /** How long the customer's next message create must wait (reserving its turn). */
  Duration reserve(String connection, String customerId) {
    return buckets.computeIfAbsent(connection + "/" + customerId, c -> new TokenBucket(perMinute / 120.0,
        Math.max(1, perMinute / 2), nanoClock)).reserve();
  }

  /** Completes when the customer's next message create may go. */
  CompletableFuture<Void> turn(String connection, String customerId) {
    Duration wait = reserve(connection, customerId);
    return wait.isZero() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.runAsync(() -> {}, CompletableFuture.delayedExecutor(wait.toNanos(),
            TimeUnit.NANOSECONDS));
  }
}
