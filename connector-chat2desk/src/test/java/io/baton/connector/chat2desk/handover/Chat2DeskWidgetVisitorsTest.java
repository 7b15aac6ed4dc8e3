package io.baton.connector.chat2desk.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class Chat2DeskWidgetVisitorsTest {
  static TranscriptEntry entry(TranscriptRole role, String text) {
    return new TranscriptEntry(role, text, Instant.EPOCH);
  }

  @Test
  void theTranscriptIsOneMessageOfLinesByRole() {
    assertEquals(List.of("Handed over by the bot. The conversation so far:\nVisitor: hi\nBot: hello, how can I help?"),
        Chat2DeskWidgetVisitors.transcriptParts(List.of(entry(TranscriptRole.visitor, "hi"),
            entry(TranscriptRole.bot, "hello, how can I help?"))));
  }

  @Test
  void withoutTranscriptTheClientStillGetsAFirstMessage() {
    assertEquals(List.of("Handed over by the bot."), Chat2DeskWidgetVisitors.transcriptParts(List.of()));
  }

  @Test
  void aLongTranscriptIsCutIntoMessagesChat2DeskTakes() {
    String long1 = "a".repeat(3000);
    String long2 = "b".repeat(5000);
    List<String> parts = Chat2DeskWidgetVisitors.transcriptParts(List.of(entry(TranscriptRole.visitor, long1),
        entry(TranscriptRole.bot, long2)));
    assertEquals(List.of("Handed over by the bot. The conversation so far:\nVisitor: " + long1,
        ("Bot: " + long2).substring(0, 4096), ("Bot: " + long2).substring(4096)), parts);
    parts.forEach(p -> assertEquals(true, p.length() <= Chat2DeskWidgetVisitors.MAX_TEXT));
  }

  @Test
  void theClientsExternalIdIsStablePerConversation() {
    assertEquals(Chat2DeskWidgetVisitors.externalId("acme", "conv-1"),
        Chat2DeskWidgetVisitors.externalId("acme", "conv-1"));
    assertEquals(false, Chat2DeskWidgetVisitors.externalId("acme", "conv-1")
        .equals(Chat2DeskWidgetVisitors.externalId("acme", "conv-2")));
  }
}
