package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.ConnectorPresence;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The ingress checks connectors.presence.v1: a handover that no running connector would carry is still written, but
 * stamped {@code noConnector} with the reason (the router fails it at once). The test writes the presence records a
 * connector would; no connector runs beside this module's ingresses, so a platform nobody wrote for is absent.
 */
@ExtendWith(KafkaBrokerExtension.class)
class HandoverWithoutConnectorTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest(TestKeys.config().withRequireConnector(true));

  static KafkaBroker kafka;
  static TestClient client;
  static KafkaProducer<String, ConnectorPresence> connectors;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    client = new TestClient(INGRESS.service().port());
    connectors = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("test-presence"),
        new StringSerializer(), Topics.CONNECTOR_PRESENCE.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    connectors.close();
  }

  private static void present(String key, ConnectorPresence presence) throws Exception {
    connectors.send(new ProducerRecord<>(Topics.CONNECTOR_PRESENCE.name(), key, presence)).get();
  }

  private static ConnectorPresence presence(Platform platform, String instance, Instant writtenAt, Duration holds) {
    Instant at = writtenAt.truncatedTo(ChronoUnit.MILLIS);
    return ConnectorPresence.newBuilder().setPlatform(platform).setInstanceId(instance).setWrittenAt(at)
        .setHoldsUntil(at.plus(holds)).build();
  }

  /** A handover of the demo tenant's bot to {@code platform}, answered 202, as written to the router's input. */
  private static HandoverRequested handover(String platform) {
    String id = "handover-" + UUID.randomUUID();
    TestClient.Response r =
        client.postJson("/v1/conversations/" + id + "/handover", "{\"crmPlatform\": \"" + platform + "\"}");
    assertEquals(202, r.status(), r.body());
    HandoverRequested written = TopicReader.singleInput(kafka, HandoverRequested.class, "demo/" + id);
    assertEquals(r.json().get("handoverId").asText(), written.getEventId());
    return written;
  }

  @Test
  void aPlatformWhoseConnectorNeverRanIsStampedWithTheReason() {
    HandoverRequested r = handover("gorgias");
    assertEquals("no connector for gorgias has run", r.getNoConnector());
    assertEquals(Platform.gorgias, r.getPlatform()); // written all the same: the router fails it, the bot hears why
  }

  @Test
  void aRunningConnectorLetsTheHandoverThroughAndItsStopIsSeenAtOnce() throws Exception {
    String instance = "kustomer-" + UUID.randomUUID();
    ConnectorPresence running = presence(Platform.kustomer, instance, Instant.now(), Duration.ofMinutes(5));
    present("kustomer/" + instance, running);
    Eventually.assertThat(PATIENCE, () -> assertNull(handover("kustomer").getNoConnector()));

    present("kustomer/" + instance, null); // a clean stop
    String expected = "no connector for kustomer is running (last seen "
        + running.getWrittenAt().truncatedTo(ChronoUnit.SECONDS) + ")";
    Eventually.assertThat(PATIENCE, () -> assertEquals(expected, handover("kustomer").getNoConnector()));
  }

  @Test
  void aCrashedInstancesLapsedRecordCountsAsNotRunning() throws Exception {
    String instance = "freshchat-" + UUID.randomUUID();
    Instant crashed = Instant.now().minusSeconds(95);
    present("freshchat/" + instance, presence(Platform.freshchat, instance, crashed, Duration.ofSeconds(30)));
    String expected = "no connector for freshchat is running (last seen " + crashed.truncatedTo(ChronoUnit.SECONDS)
        + ")";
    Eventually.assertThat(PATIENCE, () -> assertEquals(expected, handover("freshchat").getNoConnector()));
  }
}
