package io.baton.bench.soak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * One direction of one conversation as people live it: what one side sent (in order, with when) against what the
 * other side saw (in order, with when). Counts what a person would notice: a message lost, shown twice, or shown
 * before one sent earlier.
 */
public final class Delivery {
  /** A message sent or seen, with when (the sender's clock before sending; the receiver's when it showed). */
  public record Line(String text, Instant at) {}

  /** What went wrong in one direction of one conversation. */
  public record Counts(int lost, int doubled, int outOfOrder) {
    public static final Counts NONE = new Counts(0, 0, 0);

    public Counts plus(Counts o) {
      return new Counts(lost + o.lost, doubled + o.doubled, outOfOrder + o.outOfOrder);
    }
  }

  private Delivery() {}

  /** Lost, doubled and out-of-order counts of {@code seen} against {@code sent}. */
  public static Counts count(List<Line> sent, List<Line> seen) {
    Map<String, Integer> times = new HashMap<>();
    seen.forEach(l -> times.merge(l.text(), 1, Integer::sum));
    Set<String> sentTexts = new HashSet<>();
    sent.forEach(l -> sentTexts.add(l.text()));
    int lost = (int) sent.stream().filter(l -> !times.containsKey(l.text())).count();
    int doubled = times.values().stream().mapToInt(n -> n - 1).sum();
    // each first showing, in the order shown, against the order sent (of those shown)
    List<String> firsts = seen.stream().map(Line::text).distinct().filter(sentTexts::contains).toList();
    Set<String> shown = new HashSet<>(firsts);
    List<String> expected = sent.stream().map(Line::text).filter(shown::contains).toList();
    int outOfOrder = 0;
    for (int i = 0; i < firsts.size(); i++) {
      if (!firsts.get(i).equals(expected.get(i))) {
        outOfOrder++;
      }
    }
    return new Counts(lost, doubled, outOfOrder);
  }

  /**
   * When the first message sent at or after {@code from} was seen; null if none sent since was seen yet. A
   * conversation relays again in this direction from then.
   */
  public static Instant firstRelayedSince(Instant from, List<Line> sent, List<Line> seen) {
    Map<String, Instant> firstSeen = new HashMap<>();
    for (Line l : seen) {
      firstSeen.putIfAbsent(l.text(), l.at());
    }
    for (Line l : sent) {
      if (!l.at().isBefore(from)) {
        return firstSeen.get(l.text());
      }
    }
    return null;
  }

  /** Copies a live list (one another thread appends to). */
  static List<Line> snapshot(List<Line> lines) {
    return new ArrayList<>(lines);
  }
}
