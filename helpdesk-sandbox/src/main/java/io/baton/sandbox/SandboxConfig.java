package io.baton.sandbox;

import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Settings of one {@link HelpdeskSandbox}.
 *
 * @param port                     HTTP port; 0 picks a free port (tests)
 * @param longPollHold             how long {@code System/Messages} holds a poll before answering 204
 *                                 (Salesforce holds about 30 s)
 * @param clientPollTimeoutSeconds the {@code clientPollTimeout} announced by {@code System/SessionId}:
 *                                 how long a client waits for a poll answer before it aborts and retries,
 *                                 so it must exceed the hold
 * @param sessionTimeout           a session whose visitor stops polling for this long ends (endedBy "timeout")
 */
public record SandboxConfig(int port, Duration longPollHold, int clientPollTimeoutSeconds, Duration sessionTimeout) {

  public static final int DEFAULT_PORT = 8090;

  public SandboxConfig {
    if (port < 0 || port > 65_535) {
      throw new IllegalArgumentException("port must be 0..65535, was " + port);
    }
    requirePositive("longPollHold", longPollHold);
    requirePositive("sessionTimeout", sessionTimeout);
    // A client gives up on a poll after clientPollTimeout; if the server held longer, every
    // quiet poll would be aborted client-side and retried as a duplicate poll (409).
    if (Duration.ofSeconds(clientPollTimeoutSeconds).compareTo(longPollHold) <= 0) {
      throw new IllegalArgumentException("clientPollTimeoutSeconds (" + clientPollTimeoutSeconds
          + " s) must be longer than longPollHold (" + longPollHold.toMillis() + " ms)");
    }
  }

  /** Port 8090, 30 s hold, clientPollTimeout "40", sessions end after 120 s without a poll. */
  public static SandboxConfig defaults() {
    return new SandboxConfig(DEFAULT_PORT, Duration.ofSeconds(30), 40, Duration.ofSeconds(120));
  }

  /**
   * Defaults overridden by {@code SANDBOX_PORT}, {@code SANDBOX_LIVEAGENT_POLL_HOLD_MS},
   * {@code SANDBOX_LIVEAGENT_SESSION_TIMEOUT_MS} and {@code SANDBOX_LIVEAGENT_CLIENT_POLL_TIMEOUT_S}.
   * Blank values are ignored; malformed ones fail fast with the variable's name.
   */
  public static SandboxConfig fromEnv(Map<String, String> env) {
    SandboxConfig config = defaults();
    Long port = setting(env, "SANDBOX_PORT");
    if (port != null) {
      config = config.withPort(Math.toIntExact(port));
    }
    Long clientPollTimeout = setting(env, "SANDBOX_LIVEAGENT_CLIENT_POLL_TIMEOUT_S");
    Long hold = setting(env, "SANDBOX_LIVEAGENT_POLL_HOLD_MS");
    if (hold != null && clientPollTimeout == null
        && Duration.ofSeconds(config.clientPollTimeoutSeconds).toMillis() <= hold) {
      // Keep the announced client timeout above a longer hold instead of failing.
      clientPollTimeout = hold / 1000 + 10;
    }
    if (clientPollTimeout != null) {
      config = new SandboxConfig(config.port, hold != null ? Duration.ofMillis(hold) : config.longPollHold,
          Math.toIntExact(clientPollTimeout), config.sessionTimeout);
    } else if (hold != null) {
      config = config.withLongPollHold(Duration.ofMillis(hold));
    }
    Long sessionTimeout = setting(env, "SANDBOX_LIVEAGENT_SESSION_TIMEOUT_MS");
    if (sessionTimeout != null) {
      config = config.withSessionTimeout(Duration.ofMillis(sessionTimeout));
    }
    return config;
  }

  public SandboxConfig withPort(int port) {
    return new SandboxConfig(port, longPollHold, clientPollTimeoutSeconds, sessionTimeout);
  }

  public SandboxConfig withLongPollHold(Duration d) {
    return new SandboxConfig(port, d, clientPollTimeoutSeconds, sessionTimeout);
  }

  public SandboxConfig withClientPollTimeoutSeconds(int seconds) {
    return new SandboxConfig(port, longPollHold, seconds, sessionTimeout);
  }

  public SandboxConfig withSessionTimeout(Duration d) {
    return new SandboxConfig(port, longPollHold, clientPollTimeoutSeconds, d);
  }

  private static void requirePositive(String name, Duration d) {
    if (d == null || d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be a positive duration, was " + d);
    }
  }

  private static Long setting(Map<String, String> env, String name) {
    OptionalLong value = EnvironmentSettings.wholeNumber(env, name);
    return value.isPresent() ? value.getAsLong() : null;
  }
}
