package io.baton.operations.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.operations.HealthCheck.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

class StreamsReadinessTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong responses = new AtomicLong(1);
  private final StreamsReadiness readiness = new StreamsReadiness(
      new KafkaContact(List.of(this::consumerMetrics), Duration.ofSeconds(10), nanos::get));

  @Test
  void upOnlyWhileRunning() {
    assertEquals(Status.down("Kafka Streams is CREATED"), readiness.check());
    readiness.changed(State.REBALANCING);
    assertEquals(Status.down("rebalancing (or restoring its stores)"), readiness.check());
    readiness.changed(State.RUNNING);
    assertEquals(Status.up("RUNNING"), readiness.check());
    readiness.changed(State.REBALANCING);
    assertEquals(Status.down("rebalancing (or restoring its stores)"), readiness.check());
    readiness.changed(State.ERROR);
    assertEquals(Status.down("Kafka Streams is ERROR"), readiness.check());
    readiness.changed(State.PENDING_SHUTDOWN);
    assertEquals(Status.down("Kafka Streams is PENDING_SHUTDOWN"), readiness.check());
  }

  @Test
  void runningButUnansweredByKafkaIsDown() {
    readiness.changed(State.RUNNING);
    assertEquals(Status.up("RUNNING"), readiness.check());
    nanos.addAndGet(Duration.ofSeconds(12).toNanos());
    assertEquals(Status.down("no answer from Kafka for 12 s"), readiness.check());
    responses.incrementAndGet();
    assertEquals(Status.up("RUNNING"), readiness.check());
  }

  private Map<MetricName, Metric> consumerMetrics() {
    MetricName name = new MetricName("response-total", "consumer-metrics", "",
        Map.of("client-id", "baton-router-StreamThread-1-consumer"));
    return Map.of(name, new Metric() {
      @Override
      public MetricName metricName() {
        return name;
      }

      @Override
      public Object metricValue() {
        return (double) responses.get();
      }
    });
  }
}
