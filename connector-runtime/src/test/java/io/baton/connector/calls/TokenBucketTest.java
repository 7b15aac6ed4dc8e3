package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class TokenBucketTest {
  @Test
  void aBurstGoesAtOnceThenCallsAreSpacedByTheRate() {
    AtomicLong clock = new AtomicLong();
    TokenBucket bucket = new TokenBucket(10, 2, clock::get);
    assertEquals(Duration.ZERO, bucket.reserve());
    assertEquals(Duration.ZERO, bucket.reserve());
    assertEquals(Duration.ofMillis(100), bucket.reserve());
    assertEquals(Duration.ofMillis(200), bucket.reserve());
    clock.addAndGet(Duration.ofMillis(200).toNanos()); // refills just the two tokens lent out
    assertEquals(Duration.ofMillis(100), bucket.reserve());
    clock.addAndGet(Duration.ofSeconds(10).toNanos()); // refills up to capacity, no more
    assertEquals(Duration.ZERO, bucket.reserve());
    assertEquals(Duration.ZERO, bucket.reserve());
    assertEquals(Duration.ofMillis(100), bucket.reserve());
  }
}
