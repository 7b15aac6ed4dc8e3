package io.baton.analytics.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.OptionalLong;

/**
 * Percentiles of waits in milliseconds by the nearest-rank method: the p-th percentile of n sorted waits is the one at
 * rank ceil(p/100 * n), so it is always a wait that happened (p50 of 10, 20, 30, 40 is 20).
 */
public final class WaitPercentiles {
  private final List<Long> sorted;

  public WaitPercentiles(Collection<Long> waitsMs) {
    List<Long> waits = new ArrayList<>(waitsMs);
    waits.sort(null);
    this.sorted = List.copyOf(waits);
  }

  public int count() {
    return sorted.size();
  }

  /** The p-th percentile (0 < p <= 100); empty when there are no waits. */
  public OptionalLong percentile(int p) {
    if (p <= 0 || p > 100) {
      throw new IllegalArgumentException("a percentile is over 0 and at most 100, not " + p);
    }
    if (sorted.isEmpty()) {
      return OptionalLong.empty();
    }
    int rank = (int) Math.ceil(p * sorted.size() / 100.0);
    return OptionalLong.of(sorted.get(rank - 1));
  }
}
