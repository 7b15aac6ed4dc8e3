package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class KustomerSessionMessagesTest {

  private static JsonNode message(String id, String direction, boolean auto, String by, String at, String body)
      throws Exception {
    return KustomerClient.JSON.readTree("{\"type\":\"message\",\"id\":\"" + id + "\",\"attributes\":{\"direction\":\""
        + direction + "\",\"auto\":" + auto + ",\"createdAt\":\"" + at + "\"" + (body == null ? ""
            : ",\"body\":\"" + body + "\"")
        + ",\"preview\":\"the preview\"},\"relationships\":" + (by == null ? "{}"
            : "{\"createdBy\":{\"data\":{\"type\":\"user\",\"id\":\"" + by + "\"}}}")
        + "}");
  }

  @Test
  void onlyAgentsOwnOutboundMessagesAreRelayed() throws Exception {
    Set<String> ours = Set.of("api-user", "bot-user");
    assertTrue(KustomerSessionMessages.relayed(message("m1", "out", false, "agent-1", "2026-11-29T10:00:00Z", "hi"),
        ours));
    assertFalse(KustomerSessionMessages.relayed(message("m2", "in", false, null, "2026-11-29T10:00:00Z", "x"), ours),
        "the customer's");
    assertFalse(KustomerSessionMessages.relayed(message("m3", "out", true, "agent-1", "2026-11-29T10:00:00Z", "x"),
        ours), "automated");
    assertFalse(KustomerSessionMessages.relayed(message("m4", "out", false, "bot-user", "2026-11-29T10:00:00Z", "x"),
        ours), "the bot's transcript");
    assertFalse(KustomerSessionMessages.relayed(message("m5", "out", false, null, "2026-11-29T10:00:00Z", "x"), ours),
        "by nobody known");
  }

  @Test
  void theTextIsTheBodyElseThePreviewWithTheFiles() throws Exception {
    assertEquals(new AgentMessage("hi", "Alex", List.of()), KustomerSessionMessages.message(message("m1", "out",
        false, "a", "2026-11-29T10:00:00Z", "hi"), "Alex"));
    assertEquals(new AgentMessage("the preview", "Alex", List.of()), KustomerSessionMessages.message(message("m1",
        "out", false, "a", "2026-11-29T10:00:00Z", null), "Alex"));
    JsonNode withFile = KustomerClient.JSON.readTree("{\"id\":\"m9\",\"attributes\":{\"body\":\"\",\"attachments\":"
        + "[{\"url\":\"https://f.example.com/x/report.pdf\",\"contentType\":\"application/pdf\"}]}}");
    assertEquals(new AgentMessage("", "Alex", List.of(new Attachment("https://f.example.com/x/report.pdf",
        "report.pdf", "application/pdf", 0L))), KustomerSessionMessages.message(withFile, "Alex"));
  }

  @Test
  void theMessagesNotLookedAtBeginAfterTheCursorOrItsTime() throws Exception {
    List<JsonNode> all = new ArrayList<>();
    for (int i = 1; i <= 4; i++) {
      all.add(message("m" + i, "out", false, "a", "2026-11-29T10:00:0" + i + "Z", "line " + i));
    }
    KustomerChat k = new KustomerChat("c1");
    assertEquals(0, KustomerSessionMessages.from(all, k), "nothing read yet");
    k.cursor = "m2";
    k.cursorAt = "2026-11-29T10:00:02Z";
    assertEquals(2, KustomerSessionMessages.from(all, k));
    k.cursor = "m0-no-longer-listed";
    assertEquals(2, KustomerSessionMessages.from(all, k), "by time when the cursor is not listed");
    k.cursorAt = "2026-11-29T10:00:09Z";
    assertEquals(4, KustomerSessionMessages.from(all, k), "nothing after it");
  }
}
