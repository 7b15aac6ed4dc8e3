package io.baton.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class ConversationLanesTest {
  @Test
  void oneConversationWaitsForItsPreviousTaskOthersDoNot() {
    ConversationLanes lanes = new ConversationLanes();
    List<String> started = new ArrayList<>();
    CompletableFuture<Void> firstOfA = new CompletableFuture<>();
    lanes.submit("a", () -> { started.add("a1"); return firstOfA; });
    CompletableFuture<Void> secondOfA = lanes.submit("a", () -> {
      started.add("a2");
      return CompletableFuture.completedFuture(null);
    });
    CompletableFuture<Void> firstOfB = lanes.submit("b", () -> {
      started.add("b1");
      return CompletableFuture.completedFuture(null);
    });
    assertEquals(List.of("a1", "b1"), started);
    assertTrue(firstOfB.isDone());
    assertFalse(secondOfA.isDone());
    assertEquals(1, lanes.active());

    firstOfA.completeExceptionally(new IllegalStateException("refused")); // a failure does not block the lane
    assertEquals(List.of("a1", "b1", "a2"), started);
    assertTrue(secondOfA.isDone());
    assertEquals(0, lanes.active());
  }

  @Test
  void aTaskThatThrowsFailsItsFutureOnly() {
    ConversationLanes lanes = new ConversationLanes();
    CompletableFuture<Void> thrown = lanes.submit("a", () -> { throw new IllegalArgumentException("bad"); });
    CompletableFuture<Void> next = lanes.submit("a", () -> CompletableFuture.completedFuture(null));
    assertTrue(thrown.isCompletedExceptionally());
    assertTrue(next.isDone() && !next.isCompletedExceptionally());
  }
}
