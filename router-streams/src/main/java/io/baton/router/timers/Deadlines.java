package io.baton.router.timers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Timers of every conversation in one changelogged store, so they survive restarts and move with their partition.
 * Two entries per timer: {@code due|<deadline>|<kind>|<conversation>}, ordered by deadline so the due ones are one
 * range scan, and {@code set|<conversation>|<kind>} -> deadline, so a timer can be moved or cancelled.
 */
public final class Deadlines {
  public static final String STORE = "conversation-timers";

  /** What a timer is for. */
  public enum Kind { queue, visitor_idle, agent_idle, retention }

  /** A timer that is due. */
  public record Due(String conversation, Kind kind, long deadline) {}

  private final KeyValueStore<String, String> store;

  public Deadlines(KeyValueStore<String, String> store) {
    this.store = store;
  }

  public void schedule(String conversation, Kind kind, long deadline) {
    cancel(conversation, kind);
    store.put(due(deadline, kind, conversation), "");
    store.put(set(conversation, kind), pad(deadline));
  }

  public void cancel(String conversation, Kind kind) {
    String known = store.get(set(conversation, kind));
    if (known != null) {
      store.delete(due(Long.parseLong(known), kind, conversation));
      store.delete(set(conversation, kind));
    }
  }

  public Optional<Long> deadline(String conversation, Kind kind) {
    return Optional.ofNullable(store.get(set(conversation, kind))).map(Long::parseLong);
  }

  /** Removes and returns up to {@code limit} timers due at {@code now}, earliest first. */
  public List<Due> takeDue(long now, int limit) {
    List<Due> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.range("due|", "due|" + pad(now) + "|~")) {
      while (it.hasNext() && due.size() < limit) {
        KeyValue<String, String> entry = it.next();
        String[] parts = entry.key.split("\\|", 4);
        due.add(new Due(parts[3], Kind.valueOf(parts[2]), Long.parseLong(parts[1])));
      }
    }
    for (Due d : due) {
      store.delete(due(d.deadline(), d.kind(), d.conversation()));
      store.delete(set(d.conversation(), d.kind()));
    }
    return due;
  }

  private static String due(long deadline, Kind kind, String conversation) {
    return "due|" + pad(deadline) + "|" + kind.name() + "|" + conversation;
  }

  private static String set(String conversation, Kind kind) {
    return "set|" + conversation + "|" + kind.name();
  }

  /** Zero-padded so that the store's byte order is the order of time. */
  private static String pad(long millis) {
    return String.format("%019d", millis);
  }
}
