package io.baton.connector.misc.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class GorgiasTicketsTest {
  final GorgiasAccount account = new GorgiasAccount("c", GorgiasSettings.of(Map.of("apiUrl",
      "https://acme.gorgias.com/api"), null), "bot@acme.example", "key");

  @Test
  void theTranscriptIsAlreadySentTheVisitorsLinesTheCustomersTheBotsOursMarked() {
    Instant t1 = Instant.parse("2026-11-29T10:00:00Z");
    Instant t2 = Instant.parse("2026-11-29T10:00:05Z");
    List<Map<String, Object>> m = GorgiasTickets.messages(account, "42", List.of(
        new TranscriptEntry(TranscriptRole.visitor, "my order?", t1),
        new TranscriptEntry(TranscriptRole.bot, "let me find you an agent", t2),
        new TranscriptEntry(TranscriptRole.visitor, "  ", t2)));
    assertEquals(List.of(
        Map.of("channel", "chat", "via", "api", "from_agent", false, "sender", Map.of("id", 42L),
            "body_text", "my order?", "sent_datetime", "2026-11-29T10:00:00Z"),
        Map.of("channel", "chat", "via", "api", "from_agent", true, "sender", Map.of("email", "bot@acme.example"),
            "receiver", Map.of("id", 42L), "body_text", "Bot: let me find you an agent",
            "sent_datetime", "2026-11-29T10:00:05Z")),
        m);
  }

  @Test
  void anEmptyTranscriptIsOneInternalNoteAndALongOneItsLast500Lines() {
    List<Map<String, Object>> none = GorgiasTickets.messages(account, "42", List.of());
    assertEquals(1, none.size());
    assertEquals("internal-note", none.get(0).get("channel"));
    assertEquals("Handed over by Baton's bot (no transcript).", none.get(0).get("body_text"));
    List<TranscriptEntry> long_ = new ArrayList<>();
    for (int i = 0; i < 520; i++) {
      long_.add(new TranscriptEntry(TranscriptRole.visitor, "line " + i, Instant.EPOCH));
    }
    List<Map<String, Object>> kept = GorgiasTickets.messages(account, "42", long_);
    assertEquals(500, kept.size());
    assertEquals("line 20", kept.get(0).get("body_text"));
  }

  @Test
  void gorgiasErrorsAreReadWithTheFieldsTheyName() {
    assertEquals("Invalid request; email: Not a valid email address.", GorgiasClient.message(
        "{\"error\":{\"msg\":\"Invalid request\",\"data\":{\"email\":[\"Not a valid email address.\"]}}}"));
    assertEquals("", GorgiasClient.message("<html>502</html>"));
    assertEquals("", GorgiasClient.message(""));
  }
}
