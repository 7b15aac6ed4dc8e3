package io.baton.ingress.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.operations.HealthCheck.Status;
import io.baton.operations.kafka.KafkaContact;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.consumer.internals.AutoOffsetResetStrategy;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

class ReaderReadinessTest {
  private final AtomicLong nanos = new AtomicLong();
  private final AtomicLong responses = new AtomicLong(1);
  private final ReaderReadiness reader = new ReaderReadiness(
      new KafkaContact(List.of(this::readerMetrics), Duration.ofSeconds(10), nanos::get), Duration.ofSeconds(10),
      nanos::get);

  @Test
  void readyOnceItPolledAndReachedTheEndOfEveryPartition() {
    assertEquals(Status.down("the reader has not polled yet"), reader.check());
    reader.polled(-1);
    assertEquals(Status.down("catching up with the log"), reader.check());
    reader.polled(1200);
    assertEquals(Status.down("behind the log by 1200 records"), reader.check());
    reader.polled(0);
    assertEquals(Status.up("caught up"), reader.check());
  }

  @Test
  void aMomentBehindUnderLoadIsCaughtUpNotBeingAtTheEndForLongerThanThePatienceIsNot() {
    reader.polled(0);
    advance(Duration.ofSeconds(6));
    reader.polled(40);
    assertEquals(Status.up("caught up"), reader.check(), "it was at the end 6 s ago");
    advance(Duration.ofSeconds(5));
    reader.polled(30);
    assertEquals(Status.down("behind the log by 30 records"), reader.check());
  }

  @Test
  void aReaderThatStoppedPollingOrHearsNothingFromKafkaOrEndedIsDown() {
    reader.polled(0);
    advance(Duration.ofSeconds(11));
    responses.incrementAndGet();
    assertEquals(Status.down("the reader has not polled for 11 s"), reader.check());
    reader.polled(0);
    assertEquals(Status.up("caught up"), reader.check());
    advance(Duration.ofSeconds(11));
    reader.polled(0); // poll returns nothing while the broker is away, and the lag it knows stays 0
    assertEquals(Status.down("no answer from Kafka for 11 s"), reader.check());
    reader.ended("org.apache.kafka.common.KafkaException: closed");
    assertEquals(Status.down("the reader stopped: org.apache.kafka.common.KafkaException: closed"), reader.check());
  }

  @Test
  void theLagIsTheConsumersOwnSummedOverEveryPartition() {
    MockConsumer<String, String> consumer = new MockConsumer<>(AutoOffsetResetStrategy.EARLIEST.name());
    TopicPartition p0 = new TopicPartition("conversation.events.v2", 0);
    TopicPartition p1 = new TopicPartition("conversation.events.v2", 1);
    consumer.assign(List.of(p0, p1));
    consumer.updateBeginningOffsets(Map.of(p0, 0L, p1, 0L));
    consumer.seek(p0, 0);
    consumer.seek(p1, 0);
    consumer.updateEndOffsets(Map.of(p0, 5L, p1, 2L));
    reader.polled(consumer, List.of(p0, p1));
    assertEquals(Status.down("behind the log by 7 records"), reader.check());
    consumer.seek(p0, 5);
    consumer.seek(p1, 2);
    reader.polled(consumer, List.of(p0, p1));
    assertEquals(Status.up("caught up"), reader.check());
  }

  private Map<MetricName, Metric> readerMetrics() {
    MetricName name = new MetricName("response-total", "consumer-metrics", "", Map.of());
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

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
