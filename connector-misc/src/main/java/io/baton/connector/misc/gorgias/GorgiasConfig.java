package io.baton.connector.misc.gorgias;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Gorgias part of connector-misc.
 *
 * @param apiUrl         where calls go when a connection names no {@code apiUrl} of its own (null: each must)
 * @param requestTimeout one HTTP call to Gorgias
 * @param replayWindow   a delivery whose ticket was updated longer ago than this is refused as a replay
 * @param host           the runtime's settings of the Gorgias host
 */
public record GorgiasConfig(String apiUrl, Duration requestTimeout, Duration replayWindow, HostConfig host) {
  /** Gorgias retries a failed delivery a few times within minutes [guess], plus clock skew. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(30);

  /**
   * Gorgias's leaky bucket for API keys: 2 calls a second, 40 at once, per account. A 429 waits its
   * {@code Retry-after} (up to 30 s a try, 8 tries).
   */
  public static final PlatformCalls.Limits LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(500), Duration.ofSeconds(30)), 2, 40);

  public GorgiasConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_GORGIAS_API_URL} (unset: each connection names its {@code https://<domain>.gorgias.com/api}),
   * {@code BATON_GORGIAS_REQUEST_TIMEOUT_S} (10), {@code BATON_GORGIAS_REPLAY_WINDOW_S} (1800) and the runtime's {@code BATON_CONNECTOR_*}.
   */
  public static GorgiasConfig fromEnv(Map<String, String> env) {
    return new GorgiasConfig(env.get("BATON_GORGIAS_API_URL"),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_GORGIAS_REQUEST_TIMEOUT_S", 10)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_GORGIAS_REPLAY_WINDOW_S",
            (int) REPLAY_WINDOW.toSeconds())),
        HostConfig.fromEnv(env, LIMITS));
  }

  /** For tests and the local stack: calls of connections without an {@code apiUrl} go to {@code apiUrl}. */
  public static GorgiasConfig of(String apiUrl) {
    return new GorgiasConfig(apiUrl, Duration.ofSeconds(10), REPLAY_WINDOW, HostConfig.defaults(LIMITS));
  }

  public GorgiasConfig withHost(HostConfig host) {
    return new GorgiasConfig(apiUrl, requestTimeout, replayWindow, host);
  }
}
