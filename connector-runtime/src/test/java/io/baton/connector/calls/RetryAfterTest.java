package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private final Instant now = Instant.parse("2026-11-21T10:00:00Z");

  @Test
  void readsSecondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(7), RetryAfter.parse("7", now));
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse("Sat, 21 Nov 2026 10:00:30 GMT", now));
    assertEquals(Duration.ZERO, RetryAfter.parse("Sat, 21 Nov 2026 09:00:00 GMT", now));
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertNull(RetryAfter.parse(null, now));
    assertNull(RetryAfter.parse(" ", now));
    assertNull(RetryAfter.parse("-3", now));
    assertNull(RetryAfter.parse("soon", now));
  }
}
