package io.baton.connector;

import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One lane per conversation: a task starts only after the previous task of its conversation finished (either way),
 * while tasks of different conversations run at the same time. No thread per lane: a lane is a future chain.
 */
final class ConversationLanes {
  private final Map<String, CompletableFuture<Void>> tails = new ConcurrentHashMap<>();

  CompletableFuture<Void> submit(String conversation, Supplier<CompletableFuture<Void>> task) {
    String lane = conversation == null ? "" : conversation;
    CompletableFuture<Void>[] created = new CompletableFuture[1];
    tails.compute(lane, (k, previous) -> {
      CompletableFuture<Void> before = previous == null ? CompletableFuture.completedFuture(null)
          : previous.handle((x, e) -> null);
      created[0] = before.thenCompose(x -> {
        try {
          return task.get();
        } catch (RuntimeException e) {
          return CompletableFuture.failedFuture(e);
        }
      });
      return created[0];
    });
    CompletableFuture<Void> mine = created[0];
    mine.whenComplete((x, e) -> tails.remove(lane, mine));
    return mine;
  }

  /** Lanes with work queued or running. */
  int active() {
    return tails.size();
  }
}
