package io.baton.connector.calls;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.baton.operations.Operations;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class CallMetersTest {
  @Test
  void everyTryIsCountedByStatusAndEveryRetryByTheStatusRetried() throws Exception {
    Operations.process(); // the process's registry: without one, the global registry counts nothing
    String service = "calls-test-" + UUID.randomUUID();
    try (PlatformCalls calls = new PlatformCalls(new PlatformCalls.Limits(
        new RetryPolicy(5, Duration.ofMillis(1), Duration.ofMillis(5)), 1000, 1000), service, "dixa")) {
      AtomicInteger tries = new AtomicInteger();
      assertEquals("ok", calls.call("org", "call", () -> tries.incrementAndGet() <= 2
          ? CompletableFuture.<String>failedFuture(new PlatformCallFailed("call", 429, Duration.ZERO))
          : CompletableFuture.completedFuture("ok")).get(5, TimeUnit.SECONDS));
      assertThrows(ExecutionException.class, () -> calls.call("org", "call",
          () -> CompletableFuture.failedFuture(new PlatformCallFailed("call", 400, null))).get(5, TimeUnit.SECONDS));
      calls.once("org", () -> CompletableFuture.completedFuture("polled")).get(5, TimeUnit.SECONDS);
    }
    assertEquals(2, count("baton.platform.calls", service, "ok"));
    assertEquals(2, count("baton.platform.calls", service, "429"));
    assertEquals(1, count("baton.platform.calls", service, "400"));
    assertEquals(2, count("baton.platform.call.retries", service, "429"));
    assertEquals(0, count("baton.platform.call.retries", service, "400"), "a 400 is final");
  }

  @Test
  void statusesAreFewAndNeverTheMessage() {
    assertEquals("ok", CallMeters.status(null));
    assertEquals("503", CallMeters.status(new CompletionException(new PlatformCallFailed("x", 503, null))));
    assertEquals("timeout", CallMeters.status(new HttpTimeoutException("slow")));
    assertEquals("unreachable", CallMeters.status(new ConnectException("refused")));
    assertEquals("error", CallMeters.status(new IllegalStateException("secret-ish detail")));
  }

  private static double count(String name, String service, String status) {
    var counter = Operations.meters().find(name).tags("service", service, "platform", "dixa", "status", status)
        .counter();
    return counter == null ? 0 : counter.count();
  }
}
