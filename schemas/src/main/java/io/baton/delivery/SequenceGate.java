package io.baton.delivery;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The reader's side of the delivery model: records of the deterministic router are acted on before their
 * transaction commits, so a reader may see a record twice (an aborted write, then its identical regeneration) or,
 * around a crash, out of order. Per key, with L the last sequence delivered: L+1 is delivered (with whatever held
 * records follow it without a gap), anything at or below L is dropped, anything beyond L+1 is held until the gap
 * fills. Held records are bounded per key: past {@code maxHeldPerKey} the gap is given up on, with an alarm, and the
 * held records are delivered from the lowest, so one lost record cannot stop a conversation for good.
 *
 * <p>A key seen for the first time starts at whatever {@link #start} said, or, when nothing was said, at the first
 * sequence offered (a reader that starts in the middle of a topic, after retention removed its beginning). Not
 * thread-safe: one reader thread owns a gate.
 */
public final class SequenceGate<T> {
  private static final Logger log = LoggerFactory.getLogger(SequenceGate.class);

  private final int maxHeldPerKey;
  private final Map<String, Long> last = new HashMap<>();
  private final Map<String, TreeMap<Long, T>> held = new HashMap<>();
  private long dropped;
  private long gapsSkipped;

  public SequenceGate(int maxHeldPerKey) {
    if (maxHeldPerKey < 1) {
      throw new IllegalArgumentException("maxHeldPerKey must be at least 1");
    }
    this.maxHeldPerKey = maxHeldPerKey;
  }

  /** What the reader knows was delivered before it started (a link, a checkpoint): L for the key. */
  public void start(String key, long lastDelivered) {
    last.merge(key, lastDelivered, Math::max);
  }

  /** The records of {@code key} to act on now, in sequence order; empty when {@code item} is dropped or held. */
  public List<T> offer(String key, long sequence, T item) {
    Long known = last.get(key);
    long l = known == null ? sequence - 1 : known;
    if (sequence <= l) {
      dropped++;
      return List.of();
    }
    if (sequence > l + 1) {
      TreeMap<Long, T> waiting = held.computeIfAbsent(key, k -> new TreeMap<>());
      waiting.putIfAbsent(sequence, item);
      if (waiting.size() <= maxHeldPerKey) {
        return List.of();
      }
      gapsSkipped++;
      log.error("{}: sequences {}..{} never arrived while {} later records waited; delivering from {}", key, l + 1,
          waiting.firstKey() - 1, waiting.size(), waiting.firstKey());
      return drain(key, waiting.firstKey() - 1);
    }
    List<T> out = new ArrayList<>();
    out.add(item);
    out.addAll(drain(key, sequence));
    return out;
  }

  /** Sets L to {@code delivered} and takes every held record that now follows without a gap. */
  private List<T> drain(String key, long delivered) {
    long l = delivered;
    List<T> out = new ArrayList<>();
    TreeMap<Long, T> waiting = held.get(key);
    if (waiting != null) {
      waiting.headMap(l, true).clear();
      while (!waiting.isEmpty() && waiting.firstKey() == l + 1) {
        out.add(waiting.pollFirstEntry().getValue());
        l++;
      }
      if (waiting.isEmpty()) {
        held.remove(key);
      }
    }
    last.put(key, l);
    return out;
  }

  /** L for the key: the last sequence delivered, or -1 when the key is unknown. */
  public long last(String key) {
    return last.getOrDefault(key, -1L);
  }

  /** Forgets a key (its conversation moved to another reader, or ended). */
  public void forget(String key) {
    last.remove(key);
    held.remove(key);
  }

  /** Records held now, over every key. */
  public int held() {
    return held.values().stream().mapToInt(Map::size).sum();
  }

  /** Records dropped as repeats since the gate was made. */
  public long dropped() {
    return dropped;
  }

  /** Gaps given up on since the gate was made (an alarm: each one means a record never arrived). */
  public long gapsSkipped() {
    return gapsSkipped;
  }
}
