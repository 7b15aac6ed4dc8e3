package io.baton.connector.misc.freshchat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** A connection's settings: the API URL (its own or the connector's), the optional ones, and what is wrong named. */
class FreshchatSettingsTest {
  @Test
  void theConnectionsOwnApiUrlElseTheConnectors() {
    FreshchatSettings own = FreshchatSettings.of(Map.of("apiUrl", "https://acme.freshchat.com/v2/",
        "channelId", " ch-1 ", "groupId", "g-1", "botAgentId", "bot-1"), "http://localhost:9/freshchat/v2");
    assertEquals(new FreshchatSettings("https://acme.freshchat.com/v2", "ch-1", "g-1", "bot-1",
        FreshchatSettings.DEFAULT_HANDOVER_PROPERTY), own);
    assertEquals(new FreshchatSettings("http://localhost:9/freshchat/v2", null, null, null, "cf_baton_handover"),
        FreshchatSettings.of(Map.of(), "http://localhost:9/freshchat/v2"));
  }

  @Test
  void whatIsWrongIsNamed() {
    assertEquals("the connection's settings are wrong: no apiUrl (https://<account>.freshchat.com/v2)",
        assertThrows(IllegalArgumentException.class, () -> FreshchatSettings.of(Map.of(), null)).getMessage());
    assertEquals("the connection's settings are wrong: apiUrl 'http://acme.freshchat.com/v2' must be https; "
        + "handoverProperty 'baton handover' is not a property name (letters, digits, _)",
        assertThrows(IllegalArgumentException.class, () -> FreshchatSettings.of(Map.of("apiUrl",
            "http://acme.freshchat.com/v2", "handoverProperty", "baton handover"), null)).getMessage());
    assertEquals("the connection's settings are wrong: apiUrl 'acme.freshchat.com' is not an absolute URL",
        assertThrows(IllegalArgumentException.class, () -> FreshchatSettings.of(Map.of("apiUrl",
            "acme.freshchat.com"), null)).getMessage());
  }
}
