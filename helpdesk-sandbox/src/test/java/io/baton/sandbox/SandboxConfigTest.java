package io.baton.sandbox;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SandboxConfigTest {

  @Test
  void defaults() {
    SandboxConfig config = SandboxConfig.defaults();
    assertEquals(8090, config.port());
    assertEquals(Duration.ofSeconds(30), config.longPollHold());
    assertEquals(40, config.clientPollTimeoutSeconds());
    assertEquals(Duration.ofSeconds(120), config.sessionTimeout());
  }

  @Test
  void fromEnvReadsTheSandboxVariablesAndIgnoresBlanks() {
    SandboxConfig config = SandboxConfig.fromEnv(Map.of(
        "SANDBOX_PORT", "9100",
        "SANDBOX_LIVEAGENT_POLL_HOLD_MS", "500",
        "SANDBOX_LIVEAGENT_SESSION_TIMEOUT_MS", "5000",
        "SANDBOX_LIVEAGENT_CLIENT_POLL_TIMEOUT_S", " "));
    assertEquals(new SandboxConfig(9100, Duration.ofMillis(500), 40, Duration.ofSeconds(5)), config);
    assertEquals(SandboxConfig.defaults(), SandboxConfig.fromEnv(Map.of()));
  }

  @Test
  void aHoldLongerThanTheClientPollTimeoutRaisesTheAnnouncedTimeout() {
    SandboxConfig config = SandboxConfig.fromEnv(Map.of("SANDBOX_LIVEAGENT_POLL_HOLD_MS", "60000"));
    assertEquals(Duration.ofSeconds(60), config.longPollHold());
    assertTrue(config.clientPollTimeoutSeconds() > 60);
  }

  @Test
  void invalidValuesFailFast() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> SandboxConfig.fromEnv(Map.of("SANDBOX_PORT", "eighty")));
    assertTrue(e.getMessage().contains("SANDBOX_PORT"));
    assertThrows(IllegalArgumentException.class, () -> SandboxConfig.defaults().withPort(70_000));
    assertThrows(IllegalArgumentException.class, () -> SandboxConfig.defaults().withSessionTimeout(Duration.ZERO));
    assertThrows(IllegalArgumentException.class,
        () -> SandboxConfig.defaults().withLongPollHold(Duration.ofSeconds(45)));
  }

  @Test
  void withersChangeOneField() {
    SandboxConfig config = SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300))
        .withSessionTimeout(Duration.ofSeconds(2)).withClientPollTimeoutSeconds(5);
    assertEquals(new SandboxConfig(0, Duration.ofMillis(300), 5, Duration.ofSeconds(2)), config);
  }
}
