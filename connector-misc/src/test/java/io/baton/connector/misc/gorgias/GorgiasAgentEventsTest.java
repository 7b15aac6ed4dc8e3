package io.baton.connector.misc.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Attachment;
import java.util.List;
import org.junit.jupiter.api.Test;

class GorgiasAgentEventsTest {
  static JsonNode json(String s) throws Exception {
    return GorgiasClient.JSON.readTree(s);
  }

  @Test
  void onlyAnAgentsPublicMessageIsRelayed() throws Exception {
    assertTrue(GorgiasAgentEvents.relayed(json("{\"from_agent\":true,\"public\":true,\"channel\":\"chat\"}")));
    assertTrue(GorgiasAgentEvents.relayed(json("{\"from_agent\":\"True\",\"channel\":\"chat\"}")));
    assertFalse(GorgiasAgentEvents.relayed(json("{\"from_agent\":false,\"public\":true,\"channel\":\"chat\"}")));
    assertFalse(GorgiasAgentEvents.relayed(json("{\"from_agent\":true,\"public\":false,\"channel\":\"chat\"}")),
        "a note by its public flag");
    assertFalse(GorgiasAgentEvents.relayed(json("{\"from_agent\":true,\"channel\":\"internal-note\"}")),
        "a note by its channel");
  }

  @Test
  void theTextIsTheBodyTextElseTheHtmlAsText() throws Exception {
    assertEquals("hi", GorgiasAgentEvents.text(json("{\"body_text\":\"hi\",\"body_html\":\"<b>x</b>\"}")));
    assertEquals("Hello\nyou & me", GorgiasAgentEvents.text(json(
        "{\"body_text\":\"\",\"body_html\":\"<p>Hello</p>you &amp; me\"}")));
  }

  @Test
  void agentsAreNamedByTheirFirstNameUnlessTheConnectionWantsFullNames() throws Exception {
    JsonNode alex = json("{\"id\":5,\"name\":\"Alex Agent\",\"firstname\":\"Alex\",\"lastname\":\"Agent\"}");
    assertEquals("Alex", GorgiasAgents.nameOf(alex, false));
    assertEquals("Alex Agent", GorgiasAgents.nameOf(alex, true));
    assertEquals("Bea", GorgiasAgents.nameOf(json("{\"name\":\"Bea Berg\"}"), false));
    assertEquals("Cy Doe", GorgiasAgents.nameOf(json("{\"firstname\":\"Cy\",\"lastname\":\"Doe\"}"), true));
    assertEquals(null, GorgiasAgents.nameOf(json("{\"id\":5}"), false));
  }

  @Test
  void attachmentsWithTheirUrl() throws Exception {
    assertEquals(List.of(new Attachment("https://files.example/a.png", "a.png", "image/png", 12L)),
        GorgiasAgentEvents.attachments(json("[{\"url\":\"https://files.example/a.png\",\"name\":\"a.png\","
            + "\"content_type\":\"image/png\",\"size\":12},{\"name\":\"no url\"}]")));
  }
}
