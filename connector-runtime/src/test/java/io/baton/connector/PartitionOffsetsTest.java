package io.baton.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PartitionOffsetsTest {
  @Test
  void commitsOnlyPastCommandsWhoseEarlierCommandsAllFinished() throws Exception {
    PartitionOffsets offsets = new PartitionOffsets();
    assertEquals(-1, offsets.committable());
    offsets.started(10);
    offsets.started(11);
    offsets.started(12);
    assertEquals(10, offsets.committable());
    offsets.finished(11);
    offsets.finished(12);
    assertEquals(10, offsets.committable(), "10 is still running: a restart must read it again");
    assertFalse(offsets.awaitDrained(1));
    offsets.finished(10);
    assertEquals(13, offsets.committable());
    offsets.committed(13);
    assertEquals(-1, offsets.committable(), "nothing new to commit");
    assertTrue(offsets.awaitDrained(1));
  }

  @Test
  void aCommandHeldForAGapHoldsTheCommitButNotTheDrain() throws Exception {
    PartitionOffsets offsets = new PartitionOffsets();
    offsets.started(20);
    offsets.held(20); // sequence 3 waits for 2
    offsets.started(21);
    offsets.finished(21);
    assertEquals(20, offsets.committable(), "the held command is read again by whoever owns the partition next");
    assertEquals(0, offsets.inFlight());
    assertTrue(offsets.awaitDrained(1), "nothing runs: a revocation need not wait for the gap");
    offsets.unheld(20); // 2 arrived: 3 goes on
    assertFalse(offsets.awaitDrained(1));
    offsets.finished(20);
    assertEquals(22, offsets.committable());
  }
}
