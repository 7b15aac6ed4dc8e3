package io.baton.sandbox.kit;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Immutable views of a simulator's state, taken under its lock: every entry, or the one with a key. */
public final class Snapshots {
  private Snapshots() {
  }

  /** Every value's view, in the map's order. */
  public static <K, V, R> List<R> all(Object lock, Map<K, V> state, Function<V, R> view) {
    synchronized (lock) {
      return state.values().stream().map(view).toList();
    }
  }

  /** The view of the value under {@code key}, if there is one. */
  public static <K, V, R> Optional<R> one(Object lock, Map<K, V> state, K key, Function<V, R> view) {
    synchronized (lock) {
      return Optional.ofNullable(state.get(key)).map(view);
    }
  }
}
