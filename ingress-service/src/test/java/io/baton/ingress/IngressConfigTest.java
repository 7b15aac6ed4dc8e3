package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressConfigTest {
  @Test
  void defaults() {
    IngressConfig c = IngressConfig.fromEnv(Map.of());
    assertEquals(new IngressConfig(8080, "demo"), c);
    assertEquals(64 * 1024, c.maxBodyBytes());
    assertEquals(Duration.ofSeconds(15), c.sseKeepAlive());
  }

  @Test
  void fromEnvironment() {
    IngressConfig c = IngressConfig.fromEnv(Map.of("BATON_INGRESS_PORT", "9090", "BATON_DEFAULT_TENANT", "acme",
        "BATON_INGRESS_MAX_BODY_BYTES", "1000", "BATON_INGRESS_SSE_KEEPALIVE_SECONDS", "5"));
    assertEquals(9090, c.port());
    assertEquals("acme", c.defaultTenant());
    assertEquals(1000, c.maxBodyBytes());
    assertEquals(Duration.ofSeconds(5), c.sseKeepAlive());
    assertEquals(0, c.withPort(0).port());
  }

  @Test
  void invalidValuesAreRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_PORT", "http")));
    assertThrows(IllegalArgumentException.class, () -> IngressConfig.fromEnv(Map.of("BATON_DEFAULT_TENANT", "a/b")));
    assertThrows(IllegalArgumentException.class, () -> new IngressConfig(70000, "demo"));
  }
}
