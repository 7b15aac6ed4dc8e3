package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class KustomerHandoffTest {
  private static final Instant T = Instant.parse("2026-11-29T10:00:00Z");

  private static TranscriptEntry line(TranscriptRole role, String text, int second) {
    return new TranscriptEntry(role, text, T.plusSeconds(second));
  }

  @Test
  void theTranscriptBecomesHandoffMessagesWithoutSystemOrEmptyLines() {
    List<KustomerHandoff.Line> lines = KustomerHandoff.lines(List.of(line(TranscriptRole.visitor, "hi", 0),
        line(TranscriptRole.system, "bot started", 1), line(TranscriptRole.bot, "hello", 2),
        line(TranscriptRole.visitor, " ", 3), line(TranscriptRole.agent, "an earlier agent", 4)));
    assertEquals(List.of(new KustomerHandoff.Line("in", "hi", "2026-11-29T10:00:00Z"),
        new KustomerHandoff.Line("out", "hello", "2026-11-29T10:00:02Z"),
        new KustomerHandoff.Line("out", "an earlier agent", "2026-11-29T10:00:04Z")), lines);
    assertTrue(KustomerHandoff.handoffTakes(lines));
  }

  @Test
  void aHandoffNeedsTwoLinesBothWaysAndAtMostAHundred() {
    assertFalse(KustomerHandoff.handoffTakes(KustomerHandoff.lines(List.of())));
    assertFalse(KustomerHandoff.handoffTakes(KustomerHandoff.lines(List.of(line(TranscriptRole.visitor, "a", 0)))));
    assertFalse(KustomerHandoff.handoffTakes(KustomerHandoff.lines(List.of(line(TranscriptRole.visitor, "a", 0),
        line(TranscriptRole.visitor, "b", 1)))), "only the visitor's");
    assertFalse(KustomerHandoff.handoffTakes(KustomerHandoff.lines(List.of(line(TranscriptRole.bot, "a", 0),
        line(TranscriptRole.bot, "b", 1)))), "only the bot's");
    List<TranscriptEntry> long_ = new ArrayList<>();
    for (int i = 0; i < 130; i++) {
      long_.add(line(i % 2 == 0 ? TranscriptRole.visitor : TranscriptRole.bot, "line " + i, i));
    }
    List<KustomerHandoff.Line> last = KustomerHandoff.lines(long_);
    assertEquals(100, last.size());
    assertEquals("line 30", last.get(0).body(), "the last hundred");
    assertTrue(KustomerHandoff.handoffTakes(last));
  }
}
