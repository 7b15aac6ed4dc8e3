package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IngressConfigTest {
  @Test
  void defaults() {
    IngressConfig c = IngressConfig.fromEnv(Map.of());
    assertEquals(8080, c.port());
    assertEquals(64 * 1024, c.maxBodyBytes());
    assertEquals(Duration.ofSeconds(15), c.sseKeepAlive());
    assertEquals(Map.of(), c.security().botKeys());
    assertNull(c.security().adminKey());
    assertNull(c.security().tokenSecret());
    assertNull(c.security().secretsKey());
    assertNull(c.security().devTenant());
    assertEquals(Duration.ofHours(1), c.security().widgetTokenTtl());
    assertTrue(c.security().connectionsStartActive());
    assertTrue(c.requireConnector());
  }

  @Test
  void theConnectorCheckIsSwitchedOffWithFalseOnly() {
    assertFalse(IngressConfig.fromEnv(Map.of("BATON_INGRESS_REQUIRE_CONNECTOR", "FALSE")).requireConnector());
    assertTrue(IngressConfig.fromEnv(Map.of("BATON_INGRESS_REQUIRE_CONNECTOR", "true")).requireConnector());
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_REQUIRE_CONNECTOR", "no")));
    assertEquals("BATON_INGRESS_REQUIRE_CONNECTOR must be true or false, was 'no'", e.getMessage());
  }

  @Test
  void fromEnvironment() {
    IngressConfig c = IngressConfig.fromEnv(Map.of("BATON_INGRESS_PORT", "9090",
        "BATON_INGRESS_MAX_BODY_BYTES", "1000", "BATON_INGRESS_SSE_KEEPALIVE_SECONDS", "5",
        "BATON_INGRESS_BOT_KEYS", "acme=key-one-1234, acme=key-two-1234,globex=key-three-1234",
        "BATON_INGRESS_ADMIN_KEY", "admin-secret-key", "BATON_INGRESS_TOKEN_SECRET", "0123456789abcdef0123",
        "BATON_INGRESS_WIDGET_TOKEN_TTL_SECONDS", "60", "BATON_INGRESS_SECRETS_KEY",
        "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=", "BATON_INGRESS_DEV_TENANT", "demo",
        "BATON_INGRESS_CONNECTIONS_START_ACTIVE", "false"));
    assertEquals(9090, c.port());
    assertEquals(1000, c.maxBodyBytes());
    assertEquals(Duration.ofSeconds(5), c.sseKeepAlive());
    assertEquals(0, c.withPort(0).port());
    assertEquals(Map.of("acme", List.of("key-one-1234", "key-two-1234"), "globex", List.of("key-three-1234")),
        c.security().botKeys());
    assertEquals("admin-secret-key", c.security().adminKey());
    assertArrayEquals("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), c.security().tokenSecret());
    assertEquals(Duration.ofSeconds(60), c.security().widgetTokenTtl());
    assertArrayEquals("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
        c.security().secretsKey());
    assertEquals("demo", c.security().devTenant());
    assertFalse(c.security().connectionsStartActive());
  }

  @Test
  void secretsNeverAppearInTheConfigsText() {
    IngressConfig c = IngressConfig.fromEnv(Map.of("BATON_INGRESS_BOT_KEYS", "acme=key-one-1234",
        "BATON_INGRESS_ADMIN_KEY", "admin-secret-key", "BATON_INGRESS_TOKEN_SECRET", "0123456789abcdef0123"));
    String text = c.toString();
    assertFalse(text.contains("key-one-1234"), text);
    assertFalse(text.contains("admin-secret-key"), text);
    assertFalse(text.contains("0123456789abcdef0123"), text);
    assertTrue(text.contains("acme"), text);
  }

  @Test
  void invalidValuesAreRefusedAtStart() {
    assertThrows(IllegalArgumentException.class, () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_PORT", "http")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_BOT_KEYS", "a/b=long-enough-key")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_BOT_KEYS", "short")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_BOT_KEYS", "a=short")));
    assertThrows(IllegalArgumentException.class,
        () -> IngressConfig.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", "c2hvcnQ=")));
    assertThrows(IllegalArgumentException.class, () -> new IngressConfig(70000, IngressConfig.Security.none()));
  }
}
