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
}
