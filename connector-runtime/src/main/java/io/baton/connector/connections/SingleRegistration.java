package io.baton.connector.connections;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * One registration at the platform (a webhook subscription) however many instances activate a connection at once:
 * each lists, finds none and creates one, then lists again and keeps the same one as every other instance (the
 * caller orders {@code ours} by a rule all instances share: the oldest, the smallest id), deleting the rest. Without
 * it the platform delivers every event once per registration, signed with keys only one instance knows.
 */
public final class SingleRegistration {
  private SingleRegistration() {}

  /**
   * Completes with the first of {@code ours} once the others are deleted ({@code delete} completes normally also when
   * another instance deleted it first); fails with {@code noneListed} when the list holds none.
   */
  public static <T> CompletableFuture<T> keepFirst(List<T> ours, Function<T, CompletableFuture<?>> delete,
      String noneListed) {
    if (ours.isEmpty()) {
      return CompletableFuture.failedFuture(new IllegalStateException(noneListed));
    }
    return CompletableFuture.allOf(ours.subList(1, ours.size()).stream().map(delete)
        .toArray(CompletableFuture[]::new)).thenApply(x -> ours.get(0));
  }
}
