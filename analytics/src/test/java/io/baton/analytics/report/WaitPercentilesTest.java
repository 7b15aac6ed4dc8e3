package io.baton.analytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.OptionalLong;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class WaitPercentilesTest {
  @Test
  void nearestRankIsAWaitThatHappened() {
    WaitPercentiles four = new WaitPercentiles(List.of(40L, 10L, 30L, 20L));
    assertEquals(OptionalLong.of(20), four.percentile(50)); // rank ceil(0.5 * 4) = 2
    assertEquals(OptionalLong.of(40), four.percentile(90)); // rank ceil(3.6) = 4
    assertEquals(OptionalLong.of(40), four.percentile(99));
    assertEquals(4, four.count());

    WaitPercentiles hundred = new WaitPercentiles(LongStream.rangeClosed(1, 100).boxed().toList());
    assertEquals(OptionalLong.of(50), hundred.percentile(50));
    assertEquals(OptionalLong.of(90), hundred.percentile(90));
    assertEquals(OptionalLong.of(99), hundred.percentile(99));

    WaitPercentiles one = new WaitPercentiles(List.of(7000L));
    assertEquals(OptionalLong.of(7000), one.percentile(50));
    assertEquals(OptionalLong.of(7000), one.percentile(99));
  }

  @Test
  void noWaitsHaveNoPercentileAndAPercentileIsOverZeroUpToAHundred() {
    assertEquals(OptionalLong.empty(), new WaitPercentiles(List.of()).percentile(50));
    assertThrows(IllegalArgumentException.class, () -> new WaitPercentiles(List.of(1L)).percentile(0));
    assertThrows(IllegalArgumentException.class, () -> new WaitPercentiles(List.of(1L)).percentile(101));
  }
}
