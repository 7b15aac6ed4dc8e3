package io.baton.connector.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class SingleRegistrationTest {
  @Test
  void keepsTheFirstOnceTheOthersAreDeleted() throws Exception {
    List<String> deleted = new CopyOnWriteArrayList<>();
    CompletableFuture<Void> platform = new CompletableFuture<>();
    CompletableFuture<String> kept = SingleRegistration.keepFirst(List.of("hook-1", "hook-2", "hook-3"), h -> {
      deleted.add(h);
      return platform;
    }, "none");
    assertEquals(List.of("hook-2", "hook-3"), deleted);
    assertEquals(false, kept.isDone()); // not before the platform answered the deletes
    platform.complete(null);
    assertEquals("hook-1", kept.get());
  }

  @Test
  void noneListedFailsWithTheCallersReasonAndAFailedDeleteFailsIt() {
    ExecutionException none = assertThrows(ExecutionException.class,
        () -> SingleRegistration.keepFirst(List.of(), h -> CompletableFuture.completedFuture(null),
            "the created webhook is not listed").get());
    assertEquals("the created webhook is not listed", none.getCause().getMessage());
    ExecutionException refused = assertThrows(ExecutionException.class, () -> SingleRegistration
        .keepFirst(List.of("a", "b"), h -> CompletableFuture.failedFuture(new IllegalStateException("403")), "none")
        .get());
    assertEquals("403", refused.getCause().getMessage());
  }
}
