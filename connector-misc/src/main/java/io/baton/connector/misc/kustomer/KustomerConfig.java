package io.baton.connector.misc.kustomer;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Kustomer part of connector-misc. Each connection's rate limit is its plan's (its {@code plan}
 * setting); {@link #LIMITS} is only the bucket of a connection before its activation set that.
 *
 * @param apiUrl          where calls go when a connection names no {@code apiUrl} of its own (null: it must)
 * @param requestTimeout  one HTTP call to Kustomer
 * @param signatureMaxAge a signed event whose {@code createdAt} is older than this is refused as a replay (Kustomer
 *                        retries for about an hour)
 * @param customerMessagesPerMinute message creates per customer the connector keeps to (Kustomer: 120)
 * @param host            the runtime's settings of the Kustomer host
 */
public record KustomerConfig(String apiUrl, Duration requestTimeout, Duration signatureMaxAge,
    int customerMessagesPerMinute, HostConfig host) {
  /** Kustomer's limit of message creates per customer in any 60 seconds. */
  public static final int CUSTOMER_MESSAGES_PER_MINUTE = 120;

  /**
   * The business plan's 500 per minute until a connection's plan is known; on a 429 (the org's window, or a
   * customer's 120 messages a minute) it waits as Kustomer's {@code Retry-After} says, up to a minute.
   */
  public static final PlatformCalls.Limits LIMITS = new PlatformCalls.Limits(
      new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(60)), KustomerPlan.perSecond(500),
      KustomerPlan.burst(500));

  public KustomerConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_KUSTOMER_API_URL} (default {@code https://api.kustomerapp.com}, the US host; a connection's
   * {@code apiUrl} setting overrides it), {@code BATON_KUSTOMER_REQUEST_TIMEOUT_S} (10),
   * {@code BATON_KUSTOMER_SIGNATURE_MAX_AGE_S} (7200) and the runtime's {@code BATON_CONNECTOR_*}.
   */
  public static KustomerConfig fromEnv(Map<String, String> env) {
    return new KustomerConfig(env.getOrDefault("BATON_KUSTOMER_API_URL", "https://api.kustomerapp.com"),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_KUSTOMER_REQUEST_TIMEOUT_S", 10)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_KUSTOMER_SIGNATURE_MAX_AGE_S", 7200)),
        CUSTOMER_MESSAGES_PER_MINUTE, HostConfig.fromEnv(env, LIMITS));
  }

  /** For tests and the local stack: every call to {@code apiUrl} (the sandbox's). */
  public static KustomerConfig of(String apiUrl) {
    return new KustomerConfig(apiUrl, Duration.ofSeconds(10), Duration.ofHours(2),
        CUSTOMER_MESSAGES_PER_MINUTE, HostConfig.defaults(LIMITS));
  }

  public KustomerConfig withHost(HostConfig host) {
    return new KustomerConfig(apiUrl, requestTimeout, signatureMaxAge, customerMessagesPerMinute, host);
  }
}
