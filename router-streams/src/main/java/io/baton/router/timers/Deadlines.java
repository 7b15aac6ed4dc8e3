package io.baton.router.timers;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The index of every conversation's timers, which the punctuator scans ({@link DueTimers}). The truth is in each
 * conversation's state ({@code ConversationState.deadlines}, in record time); this changelogged store only says when
 * to look, so it survives restarts and moves with its partition, and it may be moved by the punctuator (below): it is
 * an index, not state, and nothing the router outputs depends on it. Two entries per timer: {@code due|<time>|<kind>|<conversation>}, ordered by time so the due ones are one range
 * scan, and {@code set|<conversation>|<kind>} -> {@code <deadline>} or {@code <deadline>|<time of the due entry>}.
 *
 * <p>An idle timer moves with every message of a chat. {@link #extend} rewrites only the deadline (one store write
 * instead of four); the due entry stays where it was, and when it comes up {@link #takeDue} moves it to the deadline
 * instead of firing it. A timer never fires early, and a busy chat costs one move per timeout period.
 *
 * <p>A due timer stays in the index until its firing is processed (which cancels it), so a firing that was lost is
 * sent again.
 */
public final class Deadlines {
  public static final String STORE = "conversation-timers";

  /** What a timer is for. */
  public enum Kind { queue, visitor_idle, agent_idle, retention }

  /** A timer that is due. */
  public record Due(String conversation, Kind kind, long deadline) {}

  /** The {@code set} entry: when the timer is due, and where its due entry is. */
  private record Entry(long deadline, long dueAt) {
    static Entry parse(String value) {
      int bar = value.indexOf('|');
      if (bar < 0) {
        long at = Long.parseLong(value);
        return new Entry(at, at);
      }
      return new Entry(Long.parseLong(value.substring(0, bar)), Long.parseLong(value.substring(bar + 1)));
    }

    String value() {
      return deadline == dueAt ? pad(deadline) : pad(deadline) + "|" + pad(dueAt);
    }
  }

  private final KeyValueStore<String, String> store;

  public Deadlines(KeyValueStore<String, String> store) {
    this.store = store;
  }

  public void schedule(String conversation, Kind kind, long deadline) {
    cancel(conversation, kind);
    store.put(due(deadline, kind, conversation), "");
    store.put(set(conversation, kind), pad(deadline));
  }

  /** Sets the deadline; when it is later than the one set, only the deadline is written (see the class comment). */
  public void extend(String conversation, Kind kind, long deadline) {
    String known = store.get(set(conversation, kind));
    Entry entry = known == null ? null : Entry.parse(known);
    if (entry == null || deadline < entry.dueAt()) {
      schedule(conversation, kind, deadline);
    } else if (deadline != entry.deadline()) {
      store.put(set(conversation, kind), new Entry(deadline, entry.dueAt()).value());
    }
  }

  public void cancel(String conversation, Kind kind) {
    String known = store.get(set(conversation, kind));
    if (known != null) {
      store.delete(due(Entry.parse(known).dueAt(), kind, conversation));
      store.delete(set(conversation, kind));
    }
  }

  public Optional<Long> deadline(String conversation, Kind kind) {
    return Optional.ofNullable(store.get(set(conversation, kind))).map(v -> Entry.parse(v).deadline());
  }

  /**
   * Returns up to {@code limit} timers due at {@code now} that {@code wanted} accepts, earliest first, and leaves them
   * in the index (processing their firing cancels them). A due entry whose timer was extended past {@code now} is
   * moved to its deadline instead; one without its timer (an orphan) is removed.
   */
  public List<Due> due(long now, int limit, Predicate<Due> wanted) {
    List<Due> due = new ArrayList<>();
    List<Due> moved = new ArrayList<>();
    List<String> spent = new ArrayList<>();
    try (KeyValueIterator<String, String> it = store.range("due|", "due|" + pad(now) + "|~")) {
      while (it.hasNext() && due.size() < limit) {
        KeyValue<String, String> entry = it.next();
        String[] parts = entry.key.split("\\|", 4);
        String conversation = parts[3];
        Kind kind = Kind.valueOf(parts[2]);
        String known = store.get(set(conversation, kind));
        Entry set = known == null ? null : Entry.parse(known);
        if (set == null || set.dueAt() != Long.parseLong(parts[1])) {
          spent.add(entry.key);
        } else if (set.deadline() > now) {
          spent.add(entry.key);
          moved.add(new Due(conversation, kind, set.deadline()));
        } else {
          Due d = new Due(conversation, kind, set.deadline());
          if (wanted.test(d)) {
            due.add(d);
          }
        }
      }
    }
    spent.forEach(store::delete);
    for (Due d : moved) {
      store.put(due(d.deadline(), d.kind(), d.conversation()), "");
      store.put(set(d.conversation(), d.kind()), pad(d.deadline()));
    }
    return due;
  }

  private static String due(long time, Kind kind, String conversation) {
    return "due|" + pad(time) + "|" + kind.name() + "|" + conversation;
  }

  private static String set(String conversation, Kind kind) {
    return "set|" + conversation + "|" + kind.name();
  }

  /** Zero-padded so that the store's byte order is the order of time (and cheaper than String.format). */
  private static String pad(long millis) {
    String digits = Long.toString(millis);
    return "0".repeat(Math.max(0, 19 - digits.length())) + digits;
  }
}
