package io.baton.sandbox.oracle;

import java.time.Duration;

/**
 * What a test or the local stack may change about the Oracle B2C Service chat simulator (most of it can also be
 * changed later through {@link OracleChatSimulator}'s methods).
 *
 * @param siteName          the site's fully qualified name ({@code fqSiteName} in the engagement API's paths)
 * @param pollHold          how long {@code getMessages} waits for a system message (the docs: at most 30 s)
 * @param jwtLifetime       how long a channel token from {@code establishSessions} is accepted ([guess] 30 min)
 * @param maxBodyLength     the abuse rule: a posted message longer than this auto-terminates the engagement (409)
 *                          ([guess] 4,000 characters: the docs name "excessive length" without a number)
 * @param secondsPerQueuedChat the expected wait per position in the queue ([guess] 60 s)
 */
public record OracleSettings(String siteName, Duration pollHold, Duration jwtLifetime, int maxBodyLength,
    int secondsPerQueuedChat) {
  public static final String SITE_NAME = "sandbox_site";

  public OracleSettings {
    if (siteName == null || !siteName.matches("[A-Za-z0-9_.-]+")) {
      throw new IllegalArgumentException("siteName must be letters, digits, '_', '.' or '-'");
    }
    if (pollHold.isNegative() || pollHold.isZero() || jwtLifetime.isNegative() || jwtLifetime.isZero()) {
      throw new IllegalArgumentException("pollHold and jwtLifetime must be positive");
    }
    if (maxBodyLength < 1 || secondsPerQueuedChat < 0) {
      throw new IllegalArgumentException("maxBodyLength must be positive, secondsPerQueuedChat not negative");
    }
  }

  public static OracleSettings defaults() {
    return new OracleSettings(SITE_NAME, Duration.ofSeconds(30), Duration.ofMinutes(30), 4000, 60);
  }

  /** Another long-poll hold, e.g. a few hundred milliseconds for tests. */
  public OracleSettings withPollHold(Duration hold) {
    return new OracleSettings(siteName, hold, jwtLifetime, maxBodyLength, secondsPerQueuedChat);
  }

  public OracleSettings withJwtLifetime(Duration lifetime) {
    return new OracleSettings(siteName, pollHold, lifetime, maxBodyLength, secondsPerQueuedChat);
  }
}
