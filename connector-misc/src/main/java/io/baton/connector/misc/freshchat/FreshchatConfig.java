package io.baton.connector.misc.freshchat;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Freshchat part of connector-misc.
 *
 * @param apiUrl         where calls go when a connection names no {@code apiUrl} of its own (null: it must)
 * @param requestTimeout one HTTP call to Freshchat
 * @param host           the runtime's settings of the Freshchat host
 */
public record FreshchatConfig(String apiUrl, Duration requestTimeout, HostConfig host) {
  public static final PlatformCalls.Limits LIMITS = PlatformCalls.Limits.defaults();

  public FreshchatConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_FRESHCHAT_API_URL} (unset: each connection names its account's {@code https://<account>.freshchat.com/v2} in its {@code apiUrl} setting), {@code BATON_FRESHCHAT_REQUEST_TIMEOUT_S} (10) and the runtime's {@code BATON_CONNECTOR_*}.
   */
  public static FreshchatConfig fromEnv(Map<String, String> env) {
    return new FreshchatConfig(env.getOrDefault("BATON_FRESHCHAT_API_URL", null),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_FRESHCHAT_REQUEST_TIMEOUT_S", 10)),
        HostConfig.fromEnv(env, LIMITS));
  }

  /** For tests and the local stack: every call to {@code apiUrl} (the sandbox's). */
  public static FreshchatConfig of(String apiUrl) {
    return new FreshchatConfig(apiUrl, Duration.ofSeconds(10), HostConfig.defaults(LIMITS));
  }

  public FreshchatConfig withHost(HostConfig host) {
    return new FreshchatConfig(apiUrl, requestTimeout, host);
  }
}
