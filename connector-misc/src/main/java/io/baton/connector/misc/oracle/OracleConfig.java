package io.baton.connector.misc.oracle;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Oracle B2C Service chat part of connector-misc (a connection's own are {@link OracleSettings}).
 *
 * @param requestTimeout   one HTTP call that is not a poll
 * @param pollTimeout      one getMessages call: longer than the 30 s Oracle holds it
 * @param resumePollDelay  a chat resumed on this instance waits this long before its first poll, so the previous
 *                         owner's last poll (still held at Oracle) has ended: Oracle allows one poll per session
 * @param transcriptChunk  the longest visitor message the transcript is sent in (longer transcripts take several)
 * @param host             the runtime's settings of the Oracle host
 */
public record OracleConfig(Duration requestTimeout, Duration pollTimeout, Duration resumePollDelay,
    int transcriptChunk, HostConfig host) {
  /**
   * Oracle publishes no rate limit for the consumer API [guess]: 50 calls/s per connection (every chat's polls and
   * messages), burst 100, patient backoff on 429 and 5xx ({@code Retry-After} first).
   */
  public static final PlatformCalls.Limits LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(10)), 50, 100);
  /** Oracle's documented poll hold is 30 s. */
  public static final Duration POLL_HOLD = Duration.ofSeconds(30);
  /** [guess]: the docs name "excessive length" among the abuse checks without a number. */
  public static final int TRANSCRIPT_CHUNK = 1500;

  /**
   * {@code BATON_ORACLE_REQUEST_TIMEOUT_S} (10), {@code BATON_ORACLE_POLL_TIMEOUT_S} (45),
   * {@code BATON_ORACLE_RESUME_POLL_DELAY_MS} (31000), {@code BATON_ORACLE_TRANSCRIPT_CHUNK} (1500) and the
   * runtime's {@code BATON_CONNECTOR_*}.
   */
  public static OracleConfig fromEnv(Map<String, String> env) {
    return new OracleConfig(Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_ORACLE_REQUEST_TIMEOUT_S", 10)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_ORACLE_POLL_TIMEOUT_S", 45)),
        Duration.ofMillis(EnvironmentSettings.integer(env, "BATON_ORACLE_RESUME_POLL_DELAY_MS",
            (int) POLL_HOLD.plusSeconds(1).toMillis())),
        EnvironmentSettings.integer(env, "BATON_ORACLE_TRANSCRIPT_CHUNK", TRANSCRIPT_CHUNK),
        HostConfig.fromEnv(env, LIMITS));
  }

  /** The defaults (tests and the local stack shorten the resume delay to their simulator's hold). */
  public static OracleConfig defaults() {
    return new OracleConfig(Duration.ofSeconds(10), Duration.ofSeconds(45), POLL_HOLD.plusSeconds(1),
        TRANSCRIPT_CHUNK, HostConfig.defaults(LIMITS));
  }

  public OracleConfig withResumePollDelay(Duration delay) {
    return new OracleConfig(requestTimeout, pollTimeout, delay, transcriptChunk, host);
  }

  public OracleConfig withHost(HostConfig host) {
    return new OracleConfig(requestTimeout, pollTimeout, resumePollDelay, transcriptChunk, host);
  }
}
