package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KustomerCustomerLimitTest {

  @Test
  void noCustomerGetsMoreThan120MessageCreatesInAnyMinute() {
    AtomicLong now = new AtomicLong();
    KustomerCustomerLimit limit = new KustomerCustomerLimit(120, now::get);
    for (int i = 0; i < 60; i++) {
      assertEquals(Duration.ZERO, limit.reserve("c1", "cust-a"), "message " + (i + 1) + " at once");
    }
    assertEquals(Duration.ofSeconds(1), limit.reserve("c1", "cust-a"), "then one a second");
    assertEquals(Duration.ofSeconds(2), limit.reserve("c1", "cust-a"));
    assertEquals(Duration.ZERO, limit.reserve("c1", "cust-b"), "each customer has its own");
    assertEquals(Duration.ZERO, limit.reserve("c2", "cust-a"), "and per connection (another org)");
    now.addAndGet(Duration.ofSeconds(60).toNanos());
    // 62 were reserved in the first minute; 58 more in the second make 120 in the 60 s from the start
    int atOnce = 0;
    while (limit.reserve("c1", "cust-a").isZero()) {
      atOnce++;
    }
    assertEquals(58, atOnce);
  }
}
