package io.baton.connector.misc.kustomer;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Kustomer part of connector-misc.
 *
 * @param apiUrl         where calls go when a connection names no {@code apiUrl} of its own (null: it must)
 * @param requestTimeout one HTTP call to Kustomer
 * @param host           the runtime's settings of the Kustomer host
 */
public record KustomerConfig(String apiUrl, Duration requestTimeout, HostConfig host) {
  public static final PlatformCalls.Limits LIMITS = PlatformCalls.Limits.defaults();

  public KustomerConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_KUSTOMER_API_URL} (default {@code https://api.kustomerapp.com}, the US host; a connection's {@code apiUrl} setting overrides it), {@code BATON_KUSTOMER_REQUEST_TIMEOUT_S} (10) and the runtime's {@code BATON_CONNECTOR_*}.
   */
  public static KustomerConfig fromEnv(Map<String, String> env) {
    return new KustomerConfig(env.getOrDefault("BATON_KUSTOMER_API_URL", "https://api.kustomerapp.com"),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_KUSTOMER_REQUEST_TIMEOUT_S", 10)),
        HostConfig.fromEnv(env, LIMITS));
  }

  /** For tests and the local stack: every call to {@code apiUrl} (the sandbox's). */
  public static KustomerConfig of(String apiUrl) {
    return new KustomerConfig(apiUrl, Duration.ofSeconds(10), HostConfig.defaults(LIMITS));
  }

  public KustomerConfig withHost(HostConfig host) {
    return new KustomerConfig(apiUrl, requestTimeout, host);
  }
}
