package io.baton.operations.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.operations.HealthCheck.Status;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class KafkaContactTest {
  private final AtomicLong nanos = new AtomicLong();
  private final FakeClient consumer = new FakeClient();
  private final KafkaContact contact =
      new KafkaContact(List.of(consumer::metrics), Duration.ofSeconds(10), nanos::get);

  @Test
  void aClientThatNeverHeardFromKafkaIsDown() {
    assertEquals(Status.down("no answer from Kafka yet"), contact.status());
    consumer.responses(0);
    assertEquals(Status.down("no answer from Kafka yet"), contact.status());
  }

  @Test
  void upWhileResponsesGrowDownAfterTheirSilenceOutlastsThePatienceUpAgainWhenTheyGrow() {
    consumer.responses(5);
    assertEquals(Status.up("Kafka answers"), contact.status());
    advance(Duration.ofSeconds(10));
    assertEquals(Status.up("Kafka answers"), contact.status(), "10 s of silence is within the patience");
    advance(Duration.ofMillis(1));
    assertEquals(Status.down("no answer from Kafka for 10 s"), contact.status());
    advance(Duration.ofSeconds(5));
    assertEquals(Status.down("no answer from Kafka for 15 s"), contact.status());
    consumer.responses(6);
    assertEquals(Status.up("Kafka answers"), contact.status());
  }

  @Test
  void onlyTheClientWideCountTellsNotOtherCountersOrThePerBrokerCopies() {
    consumer.responses(5);
    assertEquals(Status.up("Kafka answers"), contact.status());
    advance(Duration.ofSeconds(11));
    consumer.set("consumer-node-metrics", "response-total", 99).set("consumer-metrics", "request-total", 99);
    assertEquals(Status.down("no answer from Kafka for 11 s"), contact.status());
  }

  @Test
  void anyOfSeveralClientsAnsweredIsContact() {
    FakeClient producer = new FakeClient().set("producer-metrics", "response-total", 1);
    KafkaContact both = new KafkaContact(List.of(producer::metrics, consumer::metrics, Map::of),
        Duration.ofSeconds(10), nanos::get);
    consumer.responses(1);
    assertEquals(Status.up("Kafka answers"), both.status());
    advance(Duration.ofSeconds(20));
    producer.set("producer-metrics", "response-total", 2);
    assertEquals(Status.up("Kafka answers"), both.status());
  }

  private void advance(Duration d) {
    nanos.addAndGet(d.toNanos());
  }
}
