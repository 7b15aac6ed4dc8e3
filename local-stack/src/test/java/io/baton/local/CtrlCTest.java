package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class CtrlCTest {
  @Test
  void theFirstCtrlCStopsTheSecondForcesAndLaterOnesDoNothingMore() {
    List<String> done = new ArrayList<>();
    CtrlC ctrlC = new CtrlC(() -> done.add("stop"), () -> done.add("force"));

    ctrlC.pressed();
    assertEquals(List.of("stop"), done);
    ctrlC.pressed();
    assertEquals(List.of("stop", "force"), done);
    ctrlC.pressed();
    assertEquals(List.of("stop", "force"), done);
  }
}
