package io.baton.ingress.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorMessage;
import io.baton.topics.KafkaSettings;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The log's bookkeeping without Kafka: history bounds, backlog, live delivery, repeats, records out of order. */
class ConversationLogTest {
  static ConversationEvent event(long seq) {
    return ConversationEvent.newBuilder().setEventId("e" + seq).setOccurredAt(Instant.EPOCH).setTenant("t")
        .setConversationId("c").setSequence(seq).setCausationId("x").setController(Controller.bot)
        .setStatus(ConversationStatus.bot).setBody(VisitorMessage.newBuilder().setText("m" + seq).build()).build();
  }

  static List<Long> sequences(List<ConversationEvent> events) {
    return events.stream().map(ConversationEvent::getSequence).toList();
  }

  @Test
  void backlogThenLiveEventsRepeatsIgnoredHistoryBounded() {
    ConversationLog log = new ConversationLog(KafkaSettings.of("unused:9092"), 2, 3);
    for (long s = 1; s <= 5; s++) {
      log.append("t/c", event(s));
    }
    log.append("t/c", event(4)); // a repeat

    List<ConversationEvent> got = new ArrayList<>();
    ConversationLog.Subscription sub = log.subscribe("t/c", 3, got::addAll);
    assertEquals(List.of(4L, 5L), sequences(got));
    log.append("t/c", event(6));
    log.append("t/other", event(1));
    assertEquals(List.of(4L, 5L, 6L), sequences(got));

    List<ConversationEvent> all = new ArrayList<>();
    log.subscribe("t/c", 0, all::addAll);
    assertEquals(List.of(4L, 5L, 6L), sequences(all)); // only the last 3 are kept

    sub.cancel();
    log.append("t/c", event(7));
    assertEquals(List.of(4L, 5L, 6L), sequences(got));
    assertEquals(1, log.subscriberCount("t/c"));

    log.append("t/x", event(1));
    log.append("t/y", event(1)); // t/c is now the least recently used of three: forgotten
    List<ConversationEvent> after = new ArrayList<>();
    log.subscribe("t/c", 0, after::addAll);
    assertEquals(List.of(), sequences(after));
  }

  @Test
  void outOfOrderRecordsAreHeldUntilTheGapFillsAndAnEvictedConversationStartsAfresh() {
    ConversationLog log = new ConversationLog(KafkaSettings.of("unused:9092"), 2, 10);
    List<ConversationEvent> got = new ArrayList<>();
    log.subscribe("t/c", 0, got::addAll);
    log.append("t/c", event(1));
    log.append("t/c", event(3));
    log.append("t/c", event(4));
    log.append("t/c", event(3)); // a repeat of a held record
    assertEquals(List.of(1L), sequences(got));
    assertEquals(List.of(1L), sequences(log.recent("t/c")));
    assertEquals(2, log.gateCounts().held());
    log.append("t/c", event(2));
    assertEquals(List.of(1L, 2L, 3L, 4L), sequences(got));
    log.append("t/c", event(2)); // the replay of an aborted write
    assertEquals(List.of(1L, 2L, 3L, 4L), sequences(log.recent("t/c")));
    assertEquals(0, log.gateCounts().held());

    // two other conversations make t/c the least recently active of three: its history and gate entry go
    log.append("t/x", event(1));
    log.append("t/y", event(1));
    assertEquals(List.of(), log.recent("t/c"));
    log.append("t/c", event(5)); // the next record starts the conversation afresh
    assertEquals(List.of(1L, 2L, 3L, 4L, 5L), sequences(got));
    assertEquals(List.of(5L), sequences(log.recent("t/c")));
  }
}
