package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.Controller;
import io.baton.events.ConversationStatus;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import io.baton.topics.ConversationInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A connection with business hours: outside them a handover fails at once and the bot keeps control. */
class BusinessHoursTopologyTest {
  private final SwitchboardDriver d = new SwitchboardDriver(); // T0: Saturday 2026-11-21 10:00 UTC

  @AfterEach
  void stop() {
    d.close();
  }

  private Map<String, String> settings;

  private void connection(Map<String, String> settings) {
    this.settings = settings;
  }

  /** A handover on sf-1 with the settings the ingress stamped on it; the time is the record's, not the wall clock's. */
  private void handover(String id) {
    d.send(SwitchboardDriver.handoverOn(id, settings).build());
  }

  @Test
  void outsideBusinessHoursTheHandoverFailsAndTheBotKeepsControl() {
    connection(Map.of("businessHours", "mon-fri 09:00-17:30", "timeZone", "Europe/Berlin"));
    handover("h1");
    assertEquals(List.of(new Logged(1, "h1", Controller.bot, ConversationStatus.bot,
        new HandoverFailed("outside business hours (mon-fri 09:00-17:30 Europe/Berlin)"))), d.logged());
    assertTrue(d.salesforce.isEmpty());

    d.advanceWallClock(Duration.ofDays(2)); // Monday 11:00 in Berlin
    handover("h2");
    assertEquals(List.of(new Logged(2, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, "sf-1"))), d.logged());
    assertTrue(d.salesforce.readValue().getBody() instanceof StartChat);
  }

  /** The record's time decides, not the wall clock of the router that reads it (a replay gives the same answer). */
  @Test
  void theRecordsTimeDecidesNotTheWallClock() {
    connection(Map.of("businessHours", "mon-fri 09:00-17:30", "timeZone", "Europe/Berlin"));
    d.inputs.pipeInput(new TestRecord<>(SwitchboardDriver.KEY,
        ConversationInputs.of(SwitchboardDriver.handoverOn("h1", settings).build()),
        Instant.parse("2026-11-23T10:00:00Z"))); // Monday 11:00 in Berlin; the driver's wall clock is on Saturday
    assertEquals(List.of(new Logged(1, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, "sf-1"))), d.logged());
  }

  @Test
  void theWeekendCanBeServedToo() {
    connection(Map.of("businessHours", "mon-fri 09:00-17:00; sat-sun 10:00-14:00"));
    handover("h1");
    assertEquals(List.of(new Logged(1, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, "sf-1"))), d.logged());
  }

  @Test
  void unreadableBusinessHoursRejectTheHandoverWithTheReason() {
    connection(Map.of("businessHours", "weekdays 9-5"));
    handover("h1");
    assertEquals(List.of(new Logged(1, "h1", Controller.bot, ConversationStatus.bot, new HandoverRejected(
        "connection sf-1 has unreadable businessHours: expected \"<days> HH:MM-HH:MM\", got \"weekdays 9-5\""))),
        d.logged());
  }
}
