package io.baton.operations.kafka;

import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/** A Kafka client's metrics as its {@code metrics()} shows them, with counters a test sets. */
final class FakeClient {
  private final Map<MetricName, Metric> metrics = new HashMap<>();

  /** Sets {@code name} of {@code group} to {@code value}. */
  FakeClient set(String group, String name, double value) {
    MetricName key = new MetricName(name, group, "", Map.of("client-id", "test"));
    metrics.put(key, new Metric() {
      @Override
      public MetricName metricName() {
        return key;
      }

      @Override
      public Object metricValue() {
        return value;
      }
    });
    return this;
  }

  FakeClient responses(double total) {
    return set("consumer-metrics", "response-total", total);
  }

  Map<MetricName, Metric> metrics() {
    return Map.copyOf(metrics);
  }
}
