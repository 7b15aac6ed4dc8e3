package io.baton.connector.misc.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GorgiasSettingsTest {
  @Test
  void defaults() {
    GorgiasSettings s = GorgiasSettings.of(Map.of("apiUrl", "https://acme.gorgias.com/api/"), null);
    assertEquals("https://acme.gorgias.com/api", s.apiUrl());
    assertEquals("chat", s.channel());
    assertNull(s.teamId());
    assertNull(s.webhookUrl());
    assertEquals(false, s.fullNames());
    assertEquals("http://localhost:8090/gorgias/api",
        GorgiasSettings.of(Map.of(), "http://localhost:8090/gorgias/api").apiUrl());
  }

  @Test
  void everyWrongSettingIsNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> GorgiasSettings.of(Map.of(
        "apiUrl", "http://acme.gorgias.com/api", "channel", "pigeon", "teamId", "sales",
        "webhookUrl", "nope", "agentNames", "nick"), null));
    assertEquals("the connection's settings are wrong: apiUrl 'http://acme.gorgias.com/api' must be https; "
        + "channel 'pigeon' is not one of " + GorgiasSettings.CHANNELS + "; teamId 'sales' is not a Gorgias team id "
        + "(a number); webhookUrl 'nope' is not an absolute URL; agentNames 'nick' is not first or full",
        e.getMessage());
    assertEquals("the connection's settings are wrong: no apiUrl (https://<domain>.gorgias.com/api)",
        assertThrows(IllegalArgumentException.class, () -> GorgiasSettings.of(Map.of(), null)).getMessage());
  }

  @Test
  void theConnectorKeepsToGorgiasLimitForApiKeys() {
    assertEquals(2.0, GorgiasConfig.LIMITS.perSecond());
    assertEquals(40, GorgiasConfig.LIMITS.burst());
  }
}
