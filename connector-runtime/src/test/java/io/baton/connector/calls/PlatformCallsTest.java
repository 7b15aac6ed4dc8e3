package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PlatformCallsTest {
  private static CompletableFuture<String> failing(int status, Duration retryAfter) {
    return CompletableFuture.failedFuture(new PlatformCallFailed("call", status, retryAfter));
  }

  @Test
  void retriesServerErrorsUntilTheCallSucceeds() throws Exception {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(
        new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(20)), 1000, 1000))) {
      AtomicInteger tries = new AtomicInteger();
      String result = calls.call("org", "call", () -> tries.incrementAndGet() < 3 ? failing(503, null)
          : CompletableFuture.completedFuture("ok")).get(5, TimeUnit.SECONDS);
      assertEquals("ok", result);
      assertEquals(3, tries.get());
    }
  }

  @Test
  void givesUpAfterTheBudgetWithTheLastError() {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(
        new RetryPolicy(3, Duration.ofMillis(5), Duration.ofMillis(20)), 1000, 1000))) {
      AtomicInteger tries = new AtomicInteger();
      ExecutionException e = assertThrows(ExecutionException.class,
          () -> calls.call("org", "call", () -> {
            tries.incrementAndGet();
            return failing(500, null);
          })
              .get(5, TimeUnit.SECONDS));
      assertEquals(500, assertInstanceOf(PlatformCallFailed.class, e.getCause()).status());
      assertEquals(3, tries.get());
    }
  }

  @Test
  void aCallWhoseCommandMovedToAnotherInstanceIsNotTriedAgain() {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(
        new RetryPolicy(5, Duration.ofMillis(5), Duration.ofMillis(20)), 1000, 1000))) {
      AtomicInteger tries = new AtomicInteger();
      java.util.concurrent.atomic.AtomicBoolean held = new java.util.concurrent.atomic.AtomicBoolean(true);
      CompletableFuture<String> call = CommandLease.with(held::get, () -> calls.call("org", "POST message", () -> {
        tries.incrementAndGet();
        held.set(false); // the partition moved while the platform answered 503
        return failing(503, null);
      }));
      ExecutionException e = assertThrows(ExecutionException.class, () -> call.get(5, TimeUnit.SECONDS));
      assertInstanceOf(CommandLease.Lost.class, e.getCause());
      assertEquals(1, tries.get(), "no second post beside the new owner's");
      // outside a command, the same call is tried again as before
      tries.set(0);
      assertEquals("ok", assertDoesNotThrow(() -> calls.call("org", "GET", () -> tries.incrementAndGet() < 2
          ? failing(503, null) : CompletableFuture.completedFuture("ok")).get(5, TimeUnit.SECONDS)));
      assertEquals(2, tries.get());
    }
  }

  @Test
  void aClientErrorIsNotRetried() {
    try (PlatformCalls calls = new PlatformCalls(PlatformCalls.Limits.defaults())) {
      AtomicInteger tries = new AtomicInteger();
      assertThrows(ExecutionException.class, () -> calls.call("org", "call", () -> {
        tries.incrementAndGet();
        return failing(400, null);
      }).get(5, TimeUnit.SECONDS));
      assertEquals(1, tries.get());
    }
  }

  @Test
  void waitsAsLongAsRetryAfterSays() throws Exception {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(
        new RetryPolicy(3, Duration.ofMillis(1), Duration.ofSeconds(5)), 1000, 1000))) {
      List<Long> at = new ArrayList<>();
      calls.call("org", "call", () -> {
        at.add(System.nanoTime());
        return at.size() == 1 ? failing(429, Duration.ofMillis(400)) : CompletableFuture.completedFuture("ok");
      }).get(5, TimeUnit.SECONDS);
      long waited = Duration.ofNanos(at.get(1) - at.get(0)).toMillis();
      assertTrue(waited >= 400, "waited " + waited + " ms");
    }
  }

  @Test
  void theRateLimitSpacesCallsOfOneConnectionButNotOfAnother() throws Exception {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(RetryPolicy.defaults(), 10, 1))) {
      long start = System.nanoTime();
      List<CompletableFuture<Long>> a = new ArrayList<>();
      for (int i = 0; i < 4; i++) {
        a.add(calls.call("org-a", "call", () -> CompletableFuture.completedFuture(System.nanoTime())));
      }
      long other = calls.call("org-b", "call", () -> CompletableFuture.completedFuture(System.nanoTime()))
          .get(5, TimeUnit.SECONDS);
      long lastOfA = a.get(3).get(5, TimeUnit.SECONDS);
      assertTrue(Duration.ofNanos(lastOfA - start).toMillis() >= 290, "4 calls at 10/s with a burst of 1 take 300 ms");
      assertTrue(Duration.ofNanos(other - start).toMillis() < 250, "another connection has its own bucket");
    }
  }

  @Test
  void aConnectionsOwnLimitHoldsBackItsCallsBeyondItsBurst() throws Exception {
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(RetryPolicy.defaults(), 1000, 1000))) {
      calls.limit("small-plan", 10, 1);
      assertEquals(new PlatformCalls.Limits(RetryPolicy.defaults(), 10, 1), calls.limitOf("small-plan"));
      assertEquals(new PlatformCalls.Limits(RetryPolicy.defaults(), 1000, 1000), calls.limitOf("other"));
      long start = System.nanoTime();
      List<CompletableFuture<String>> three = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        three.add(calls.call("small-plan", "call", () -> CompletableFuture.completedFuture("ok")));
      }
      CompletableFuture.allOf(three.toArray(CompletableFuture[]::new)).get(5, TimeUnit.SECONDS);
      // one at once, then one every 100 ms
      assertTrue(System.nanoTime() - start >= TimeUnit.MILLISECONDS.toNanos(190), "the third waited for its token");
    }
  }
}
