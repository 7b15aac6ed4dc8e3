package io.baton.connector.webhooks;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Webhook event ids handled lately, so a platform's redelivery (its retry after a timeout, say) is acknowledged but
 * not handled twice. Bounded in size and age: platforms retry within minutes. Across instances and restarts the
 * agent events' deterministic ids (derived from these event ids) let readers drop what slips through.
 */
final class SeenEventIds {
  private final int capacity;
  private final long ttlNanos;
  private final LongSupplier clock;
  private final LinkedHashMap<String, Long> seen = new LinkedHashMap<>();

  SeenEventIds(int capacity, Duration ttl, LongSupplier nanoClock) {
    this.capacity = capacity;
    this.ttlNanos = ttl.toNanos();
    this.clock = nanoClock;
  }

  synchronized boolean contains(String id) {
    Long at = seen.get(id);
    return at != null && clock.getAsLong() - at < ttlNanos;
  }

  synchronized void add(String id) {
    long now = clock.getAsLong();
    seen.remove(id);
    seen.put(id, now);
    var it = seen.entrySet().iterator();
    while (it.hasNext()) {
      Map.Entry<String, Long> oldest = it.next();
      if (seen.size() > capacity || now - oldest.getValue() >= ttlNanos) {
        it.remove();
      } else {
        break;
      }
    }
  }
}
