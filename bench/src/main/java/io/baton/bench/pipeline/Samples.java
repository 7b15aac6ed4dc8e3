package io.baton.bench.pipeline;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** Latency samples in microseconds, from any thread; summarised as p50 / p99 / p99.9 / max in milliseconds. */
final class Samples {
  private long[] micros = new long[1024];
  private int count;

  synchronized void add(long sampleMicros) {
    if (count == micros.length) {
      micros = Arrays.copyOf(micros, count * 2);
    }
    micros[count++] = Math.max(0, sampleMicros);
  }

  synchronized Summary summary() {
    long[] sorted = Arrays.copyOf(micros, count);
    Arrays.sort(sorted);
    return new Summary(count, at(sorted, 0.50), at(sorted, 0.99), at(sorted, 0.999),
        count == 0 ? Double.NaN : sorted[count - 1] / 1000.0);
  }

  /** Nearest-rank percentile: with fewer than 1,000 samples p99.9 is the maximum, as it should be. */
  private static double at(long[] sorted, double p) {
    if (sorted.length == 0) {
      return Double.NaN;
    }
    int rank = (int) Math.ceil(p * sorted.length);
    return sorted[Math.max(0, Math.min(sorted.length - 1, rank - 1))] / 1000.0;
  }

  /** Milliseconds. */
  record Summary(int count, double p50, double p99, double p999, double max) {
    Map<String, Object> json() {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("samples", count);
      m.put("p50_ms", round(p50));
      m.put("p99_ms", round(p99));
      m.put("p99_9_ms", round(p999));
      m.put("max_ms", round(max));
      return m;
    }

    String cells() {
      return String.format("%s | %s | %s | %s", ms(p50), ms(p99), ms(p999), ms(max));
    }
  }

  static Object round(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : Math.round(v * 100) / 100.0;
  }

  static String ms(double v) {
    if (Double.isNaN(v)) {
      return "-";
    }
    return v >= 100 ? String.format("%.0f", v) : v >= 10 ? String.format("%.1f", v) : String.format("%.2f", v);
  }
}
