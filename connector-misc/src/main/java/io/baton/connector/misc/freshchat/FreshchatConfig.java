package io.baton.connector.misc.freshchat;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Freshchat part of connector-misc.
 *
 * @param apiUrl         where calls go when a connection names no {@code apiUrl} of its own (null: it must)
 * @param requestTimeout one HTTP call to Freshchat
 * @param replayWindow   a webhook whose {@code action_time} is further than this from now is refused as a replay
 * @param host           the runtime's settings of the Freshchat host
 */
public record FreshchatConfig(String apiUrl, Duration requestTimeout, Duration replayWindow, HostConfig host) {
  /**
   * Freshchat publishes no number [unconfirmed]; the sandbox allows 60 requests per 10 s per account. The connector
   * keeps to 5/s with a burst of 5 per connection and backs off patiently on a 429 ({@code Retry-After} first).
   */
  public static final PlatformCalls.Limits LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(10)), 5, 5);
  /** Freshchat's retries end about 21 minutes after the event (1, 5 and 15 minutes [guess]), plus clock skew. */
  public static final Duration REPLAY_WINDOW = Duration.ofMinutes(30);

  public FreshchatConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_FRESHCHAT_API_URL} (unset: each connection names its account's
   * {@code https://<account>.freshchat.com/v2} in its {@code apiUrl} setting), {@code BATON_FRESHCHAT_REQUEST_TIMEOUT_S}
   * (10), {@code BATON_FRESHCHAT_REPLAY_WINDOW_S} (1800) and the runtime's {@code BATON_CONNECTOR_*}.
   */
  public static FreshchatConfig fromEnv(Map<String, String> env) {
    return new FreshchatConfig(env.getOrDefault("BATON_FRESHCHAT_API_URL", null),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_FRESHCHAT_REQUEST_TIMEOUT_S", 10)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_FRESHCHAT_REPLAY_WINDOW_S",
            (int) REPLAY_WINDOW.toSeconds())),
        HostConfig.fromEnv(env, LIMITS));
  }

  /** For tests and the local stack: calls of connections without an {@code apiUrl} go to {@code apiUrl}. */
  public static FreshchatConfig of(String apiUrl) {
    return new FreshchatConfig(apiUrl, Duration.ofSeconds(10), REPLAY_WINDOW, HostConfig.defaults(LIMITS));
  }

  public FreshchatConfig withHost(HostConfig host) {
    return new FreshchatConfig(apiUrl, requestTimeout, replayWindow, host);
  }
}
