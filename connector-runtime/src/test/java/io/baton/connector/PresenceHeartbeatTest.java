package io.baton.connector;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.events.ConnectorPresence;
import io.baton.events.Platform;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.testkit.TopicTail;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every connector instance says on connectors.presence.v1 that it runs, renews it, and withdraws it on a clean stop. */
@ExtendWith(KafkaBrokerExtension.class)
class PresenceHeartbeatTest {
  private static final Duration PATIENCE = Duration.ofSeconds(10);
  private static final HostConfig.Presence FAST =
      new HostConfig.Presence(Duration.ofMillis(100), Duration.ofMillis(400));
  private KafkaSettings settings;
  private TopicTail<String, ConnectorPresence> tail;
  private final String instance = "presence-" + UUID.randomUUID();

  @BeforeEach
  void start(KafkaBroker broker) {
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, List.of(Topics.CONNECTOR_PRESENCE));
    tail = broker.tail(Topics.CONNECTOR_PRESENCE.name(), new StringDeserializer(),
        Topics.CONNECTOR_PRESENCE.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    tail.close();
  }

  private List<ConsumerRecord<String, ConnectorPresence>> mine(Platform platform) {
    return tail.all().stream().filter(r -> r.key().equals(platform.name() + "/" + instance)).toList();
  }

  @Test
  void aHostIsPresentWhenItsStartReturnsRenewsItAndWithdrawsItOnAStop() {
    ConnectorHost host = new ConnectorHost("test-presence", Platform.oracle_chat, settings,
        HostConfig.defaults(PlatformCalls.Limits.defaults()).withInstanceId(instance).withPresence(FAST),
        ctx -> new ConnectorHostTest.ScriptedConnector());
    Instant before = Instant.now().minusMillis(1);
    host.start();
    Instant returned = Instant.now();
    try {
      // on the topic when start() returned (the renewals, 100 ms apart, may have followed by the time it is read)
      List<ConsumerRecord<String, ConnectorPresence>> first = mine(Platform.oracle_chat);
      ConnectorPresence p = first.get(0).value();
      assertEquals(Platform.oracle_chat, p.getPlatform());
      assertEquals(instance, p.getInstanceId());
      assertFalse(p.getWrittenAt().isBefore(before.truncatedTo(ChronoUnit.MILLIS)));
      assertFalse(p.getWrittenAt().isAfter(returned), "written before start() returned");
      assertEquals(p.getWrittenAt().plus(FAST.holds()), p.getHoldsUntil());

      Eventually.until(PATIENCE, "three renewals", () -> mine(Platform.oracle_chat).size() >= 4);
      List<ConsumerRecord<String, ConnectorPresence>> renewed = mine(Platform.oracle_chat);
      for (int i = 1; i < renewed.size(); i++) {
        assertTrue(renewed.get(i).value().getWrittenAt().isAfter(renewed.get(i - 1).value().getWrittenAt()));
      }
    } finally {
      host.stop();
    }
    List<ConsumerRecord<String, ConnectorPresence>> after = mine(Platform.oracle_chat);
    assertNull(after.get(after.size() - 1).value(), "a tombstone on the clean stop");
    int written = after.size();
    host.stop(); // a second stop writes nothing more
    assertEquals(written, mine(Platform.oracle_chat).size());
  }

  @Test
  void aCrashedInstanceStopsRenewingAndItsLastRecordLapses() {
    try (OrderedWrites writes = new OrderedWrites(settings, "test-presence-crash")) {
      PresenceHeartbeat heartbeat = new PresenceHeartbeat(writes, Platform.kustomer, instance, FAST, Clock.systemUTC());
      heartbeat.start();
      Eventually.until(PATIENCE, "a renewal", () -> mine(Platform.kustomer).size() >= 2);
      heartbeat.stopRenewing(); // what a crash leaves: no tombstone, no renewal
      List<ConsumerRecord<String, ConnectorPresence>> left = mine(Platform.kustomer);
      Instant lapses = left.get(left.size() - 1).value().getHoldsUntil();
      Eventually.until(PATIENCE, "the last record's end", () -> Instant.now().isAfter(lapses));
      List<ConsumerRecord<String, ConnectorPresence>> now = mine(Platform.kustomer);
      assertEquals(left.size(), now.size(), "nothing written after the crash");
      assertTrue(now.get(now.size() - 1).value().getHoldsUntil().isBefore(Instant.now()));
    }
  }

  @Test
  void presenceSettingsComeFromTheEnvironmentAndMustRenewBeforeTheyLapse() {
    HostConfig config = HostConfig.fromEnv(Map.of("BATON_CONNECTOR_PRESENCE_EVERY_MS", "2000",
        "BATON_CONNECTOR_PRESENCE_HOLDS_MS", "7000"), PlatformCalls.Limits.defaults());
    assertEquals(new HostConfig.Presence(Duration.ofSeconds(2), Duration.ofSeconds(7)), config.presence());
    assertEquals(HostConfig.Presence.DEFAULT, HostConfig.fromEnv(Map.of(), PlatformCalls.Limits.defaults()).presence());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> HostConfig.fromEnv(
        Map.of("BATON_CONNECTOR_PRESENCE_EVERY_MS", "30000"), PlatformCalls.Limits.defaults()));
    assertEquals("BATON_CONNECTOR_PRESENCE_EVERY_MS must be positive and below BATON_CONNECTOR_PRESENCE_HOLDS_MS, "
        + "were 30000 and 30000", e.getMessage());
  }
}
