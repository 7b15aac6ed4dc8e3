package io.baton.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class SequenceGateTest {
  private final SequenceGate<String> gate = new SequenceGate<>(3);

  private List<String> offer(String key, long sequence) {
    return gate.offer(key, sequence, key + sequence);
  }

  @Test
  void anAbortedWriteThenItsRegenerationIsDeliveredOnce() {
    List<String> delivered = new ArrayList<>();
    for (long s : new long[] {1, 2, 3, 2, 3, 4, 3, 4, 5}) {
      delivered.addAll(offer("a", s));
    }
    assertEquals(List.of("a1", "a2", "a3", "a4", "a5"), delivered);
    assertEquals(4, gate.dropped());
  }

  @Test
  void aRecordBeyondTheNextWaitsForTheGap() {
    assertEquals(List.of("a1"), offer("a", 1));
    assertEquals(List.of(), offer("a", 3));
    assertEquals(List.of(), offer("a", 4));
    assertEquals(2, gate.held());
    assertEquals(List.of("a2", "a3", "a4"), offer("a", 2));
    assertEquals(0, gate.held());
    assertEquals(4, gate.last("a"));
  }

  @Test
  void keysAreIndependentAndAnUnknownKeyStartsWhereItIsFirstSeen() {
    assertEquals(List.of("a7"), offer("a", 7));
    assertEquals(List.of("b1"), offer("b", 1));
    assertEquals(List.of(), offer("a", 7));
    assertEquals(List.of("a8"), offer("a", 8));
    assertEquals(-1, gate.last("c"));
  }

  @Test
  void aKnownStartDropsWhatWasDeliveredBeforeAndHoldsWhatIsAhead() {
    gate.start("a", 5);
    assertEquals(List.of(), offer("a", 4));
    assertEquals(List.of(), offer("a", 5));
    assertEquals(List.of(), offer("a", 7));
    assertEquals(List.of("a6", "a7"), offer("a", 6));
  }

  @Test
  void pastTheBoundTheGapIsGivenUpAndTheHeldRecordsGoOutInOrder() {
    offer("a", 1);
    assertEquals(List.of(), offer("a", 4));
    assertEquals(List.of(), offer("a", 3));
    assertEquals(List.of(), offer("a", 6));
    assertEquals(List.of("a3", "a4"), offer("a", 7)); // four held > 3: 2 is given up
    assertEquals(1, gate.gapsSkipped());
    assertEquals(List.of(), offer("a", 2)); // too late now: dropped
    assertEquals(List.of("a5", "a6", "a7"), offer("a", 5));
    assertEquals(7, gate.last("a"));
  }

  @Test
  void forgettingAKeyStartsItAfresh() {
    offer("a", 1);
    offer("a", 3);
    gate.forget("a");
    assertEquals(0, gate.held());
    assertEquals(List.of("a9"), offer("a", 9));
  }
}
