package io.baton.analytics.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.EndedBy;
import io.baton.events.HandoverFacts;
import io.baton.events.Platform;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class HandoverReportTest {
  private static final Instant T0 = Instant.parse("2026-11-20T09:00:00Z");

  /** A handover requested at T0 + {@code at} seconds; the other times are seconds after the request. */
  private static HandoverFacts.Builder handover(String id, Platform platform, int at) {
    return HandoverFacts.newBuilder().setHandoverId(id).setTenant("acme").setConversationId("c-" + id)
        .setPlatform(platform).setRequestedAt(T0.plusSeconds(at)).setLogSequence(1);
  }

  private static HandoverFacts served(String id, Platform platform, int at, int joinedAfter, int replyAfter,
      EndedBy by) {
    Instant requested = T0.plusSeconds(at);
    return handover(id, platform, at).setQueuedAt(requested.plusSeconds(1)).setQueuePosition(2)
        .setAgentJoinedAt(requested.plusSeconds(joinedAfter)).setAgentName("Alex")
        .setFirstAgentReplyAt(requested.plusSeconds(replyAfter)).setEndedAt(requested.plusSeconds(600))
        .setEndedBy(by).build();
  }

  private static final List<HandoverFacts> HANDOVERS = List.of(
      served("d1", Platform.dixa, 0, 20, 25, EndedBy.agent),
      served("d2", Platform.dixa, 10, 40, 45, EndedBy.visitor),
      served("d3", Platform.dixa, 20, 130, 190, EndedBy.timeout), // served, then ended for inactivity
      handover("d4", Platform.dixa, 30).setQueuedAt(T0.plusSeconds(31)).setEndedAt(T0.plusSeconds(330))
          .setEndedBy(EndedBy.timeout).setAbandonedInQueue(true).build(),
      handover("d5", Platform.dixa, 40).build(), // still open, not yet queued
      // an agent joined without a queue report: it reached the queue all the same
      handover("s1", Platform.salesforce, 50).setAgentJoinedAt(T0.plusSeconds(53)).setAgentName("Kim").build(),
      handover("s2", Platform.salesforce, 60).setEndedAt(T0.plusSeconds(61)).setEndedBy(EndedBy.failure)
          .setFailureReason("Live Agent: no agents available").build(),
      handover("x1", null, 70).setEndedAt(T0.plusSeconds(70)).setEndedBy(EndedBy.failure)
          .setFailureReason("outside business hours (Mon-Fri 09:00-17:00)").build(),
      handover("old", Platform.dixa, -86400).build()); // a day before the others

  @Test
  void theFunnelCountsEachHandoverOnceByItsOutcome() {
    assertEquals(new HandoverFunnel(6, 4, 3, 1, 1, 1, 1, 0, 2), HandoverFunnel.of(HANDOVERS.stream()
        .filter(h -> h.getPlatform() == Platform.dixa).toList()));
    assertEquals(new HandoverFunnel(2, 1, 1, 0, 0, 0, 0, 1, 1), HandoverFunnel.of(HANDOVERS.stream()
        .filter(h -> h.getPlatform() == Platform.salesforce).toList()));
  }

  @Test
  void printsTheFunnelAndWaitPercentilesPerPlatformSinceAnInstant() {
    // dixa joined after 20, 40, 130 s: p50 is rank 2 of 3 (40 s), p90 and p99 rank 3; with salesforce's 3 s, all
    // four: p50 rank 2 (20 s). Replies after 25, 45, 190 s. The day-old handover is not counted.
    assertEquals("""
        8 handovers requested since 2026-11-20T00:00:00Z (analytics.handovers.v1)

        platform         requested  queued  joined  by agent  by visitor  otherwise  abandoned  failed  open
        dixa                     5       4       3         1           1          1          1       0     1
        salesforce               2       1       1         0           0          0          0       1     1
        (not started)            1       0       0         0           0          0          0       1     0
        all                      8       5       4         1           1          1          1       2     2

        wait from request to agent joined                  p50           p90           p99       n
        dixa                                              40 s    2 min 10 s    2 min 10 s       3
        salesforce                                         3 s           3 s           3 s       1
        (not started)                                        -             -             -       0
        all                                               20 s    2 min 10 s    2 min 10 s       4

        wait from request to first agent reply             p50           p90           p99       n
        dixa                                              45 s    3 min 10 s    3 min 10 s       3
        salesforce                                           -             -             -       0
        (not started)                                        -             -             -       0
        all                                               45 s    3 min 10 s    3 min 10 s       3
        """, HandoverReport.render(HANDOVERS, Instant.parse("2026-11-20T00:00:00Z")));
  }

  @Test
  void anEmptySelectionSaysSo() {
    assertEquals("0 handovers requested since 2026-11-21T00:00:00Z (analytics.handovers.v1)\n",
        HandoverReport.render(HANDOVERS, Instant.parse("2026-11-21T00:00:00Z")));
    assertTrue(HandoverReport.render(List.of(HANDOVERS.get(0)), null)
        .startsWith("1 handover requested (analytics.handovers.v1)\n\nplatform"));
  }

  @Test
  void sinceTakesASpanBackADayOrAnInstant() {
    Clock now = Clock.fixed(Instant.parse("2026-11-29T12:00:00Z"), ZoneOffset.UTC);
    assertEquals(Instant.parse("2026-11-22T12:00:00Z"), HandoverReport.since("7d", now));
    assertEquals(Instant.parse("2026-11-28T12:00:00Z"), HandoverReport.since("24h", now));
    assertEquals(Instant.parse("2026-11-29T11:30:00Z"), HandoverReport.since("30m", now));
    assertEquals(Instant.parse("2026-11-01T00:00:00Z"), HandoverReport.since("2026-11-01", now));
    assertEquals(Instant.parse("2026-11-01T10:00:00Z"), HandoverReport.since("2026-11-01T10:00:00Z", now));
    assertEquals("--since takes 7d, 24h, 30m, a day (2026-11-01) or an instant (2026-11-01T10:00:00Z), not 'last week'",
        assertThrows(IllegalArgumentException.class, () -> HandoverReport.since("last week", now)).getMessage());
  }

  @Test
  void waitsReadToTheSecond() {
    assertEquals("-", HandoverReport.human(OptionalLong.empty()));
    assertEquals("0 s", HandoverReport.human(OptionalLong.of(499)));
    assertEquals("1 s", HandoverReport.human(OptionalLong.of(500)));
    assertEquals("59 s", HandoverReport.human(OptionalLong.of(59_499)));
    assertEquals("1 min 00 s", HandoverReport.human(OptionalLong.of(59_500)));
    assertEquals("3 min 05 s", HandoverReport.human(OptionalLong.of(185_000)));
    assertEquals("1 h 02 min", HandoverReport.human(OptionalLong.of(3_725_000)));
  }
}
