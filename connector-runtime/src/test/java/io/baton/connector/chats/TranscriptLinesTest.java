package io.baton.connector.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptLinesTest {
  @Test
  void everyRoleIsNamedAsAnAgentReadsIt() {
    assertEquals(List.of("Visitor", "Bot", "Agent", "System"),
        Arrays.stream(TranscriptRole.values()).map(TranscriptLines::speaker).toList());
  }

  @Test
  void aLineIsTheSpeakerAndTheText() {
    TranscriptEntry entry = TranscriptEntry.newBuilder().setRole(TranscriptRole.bot).setText("Hi: how can I help?")
        .setAt(Instant.parse("2026-01-01T00:00:00Z")).build();
    assertEquals("Bot: Hi: how can I help?", TranscriptLines.line(entry));
  }
}
