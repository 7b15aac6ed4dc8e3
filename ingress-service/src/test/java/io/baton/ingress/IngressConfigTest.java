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
    assertNull(c.security().tokenKeys());
    assertNull(c.security().secretsKeys());
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
    assertEquals(List.of("legacy"), c.security().tokenKeys().ids());
    assertArrayEquals("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8), c.security().tokenKeys().current());
    assertEquals(Duration.ofSeconds(60), c.security().widgetTokenTtl());
    assertEquals(List.of("legacy"), c.security().secretsKeys().ids());
    assertArrayEquals("0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII),
        c.security().secretsKeys().current());
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

  @Test
  void rotatedKeysAreListedWithIdsTheFirstSealingOrSigning() {
    IngressConfig c = IngressConfig.fromEnv(Map.of(
        "BATON_INGRESS_TOKEN_SECRETS", "t2:" + b64("second-token-secret-xyz") + ",legacy:" + b64("0123456789abcdef0"),
        "BATON_INGRESS_SECRETS_KEYS", "k2:MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=,k1:" + b64("0123456789abcdef")));
    assertEquals(List.of("t2", "legacy"), c.security().tokenKeys().ids());
    assertArrayEquals("second-token-secret-xyz".getBytes(StandardCharsets.UTF_8), c.security().tokenKeys().current());
    assertEquals(List.of("k2", "k1"), c.security().secretsKeys().ids());
    String text = c.toString();
    assertTrue(text.contains("tokenKeys [t2, legacy]") && text.contains("secretsKeys [k2, k1]"), text);
    assertFalse(text.contains(b64("second-token-secret-xyz")) || text.contains("second-token-secret-xyz"), text);
  }

  @Test
  void keyListErrorsNameTheVariable() {
    assertRefused("BATON_INGRESS_TOKEN_SECRETS (key t1) must be at least 16 bytes, got 5 bytes",
        Map.of("BATON_INGRESS_TOKEN_SECRETS", "t1:" + b64("short")));
    assertRefused("BATON_INGRESS_TOKEN_SECRET must be at least 16 bytes, got 5 bytes",
        Map.of("BATON_INGRESS_TOKEN_SECRET", "short"));
    assertRefused("BATON_INGRESS_TOKEN_SECRETS names key id t1 twice", Map.of("BATON_INGRESS_TOKEN_SECRETS",
        "t1:" + b64("0123456789abcdef0") + ",t1:" + b64("0123456789abcdef1")));
    assertRefused("BATON_INGRESS_TOKEN_SECRETS is set but holds no key; give id:base64 entries separated by commas, "
        + "or unset it", Map.of("BATON_INGRESS_TOKEN_SECRETS", ","));
    assertRefused("BATON_INGRESS_SECRETS_KEYS (key k1) must be a base64 AES key of 16, 24 or 32 bytes, got 17 bytes",
        Map.of("BATON_INGRESS_SECRETS_KEYS", "k1:" + b64("0123456789abcdef0")));
    assertRefused("set BATON_INGRESS_TOKEN_SECRETS or BATON_INGRESS_TOKEN_SECRET, not both (name the key of "
        + "BATON_INGRESS_TOKEN_SECRET 'legacy' in BATON_INGRESS_TOKEN_SECRETS)",
        Map.of("BATON_INGRESS_TOKEN_SECRET",
            "0123456789abcdef0", "BATON_INGRESS_TOKEN_SECRETS", "t1:" + b64("0123456789abcdef0")));
  }

  private static void assertRefused(String message, Map<String, String> env) {
    assertEquals(message, assertThrows(IllegalArgumentException.class, () -> IngressConfig.fromEnv(env))
        .getMessage());
  }

  private static String b64(String text) {
    return java.util.Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
  }
}
