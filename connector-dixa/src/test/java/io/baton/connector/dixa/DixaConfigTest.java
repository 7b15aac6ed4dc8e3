package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class DixaConfigTest {
  @Test
  void tokensPerConnectionWithADefaultForTheRest() {
    DixaConfig config = DixaConfig.fromEnv(Map.of("BATON_DIXA_TOKENS", "c1=tok-1, c2=tok-2",
        "BATON_DIXA_DEFAULT_TOKEN", "tok-default", "BATON_DIXA_API_URL", "http://localhost:8090/dixa/v1/"));
    assertEquals("http://localhost:8090/dixa/v1", config.apiUrl());
    assertEquals(Map.of("c1", "tok-1", "c2", "tok-2", "default", "tok-default"), config.connections());
    assertEquals(null, config.connectionSecrets(), "no secrets key: tokens from the environment only");
    assertEquals(9, config.host().calls().perSecond(), "below Dixa's 10/s");
    assertEquals(3, config.host().calls().burst(), "below Dixa's burst of 4");
    assertFalse(config.toString().contains("tok-"), "tokens are never printed");
  }

  @Test
  void withoutADefaultTokenUnknownConnectionsHaveNone() {
    DixaConfig config = DixaConfig.fromEnv(Map.of());
    assertEquals("https://dev.dixa.io/v1", config.apiUrl());
    assertEquals(Map.of(), config.connections());
    assertTrue(DixaConfig.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="))
        .connectionSecrets() != null);
    assertEquals(8095, config.webhookPort());
    assertThrows(IllegalArgumentException.class, () -> DixaConfig.fromEnv(Map.of("BATON_DIXA_TOKENS", "oops")));
  }
}
