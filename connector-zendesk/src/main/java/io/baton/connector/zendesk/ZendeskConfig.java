package io.baton.connector.zendesk;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.secrets.SealedSecrets;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Zendesk connector (one service, two platforms: {@code zendesk_sunco} and {@code zendesk_support},
 * on one webhook server). Credentials come from the connections of {@code connections.v1}; none is ever logged.
 *
 * @param apiUrl           where every connection's calls go instead of {@code https://<domain>} (the sandbox's
 *                         {@code http://localhost:8090/zendesk} in the local stack and tests); null in production
 * @param webhookPort      where the connector listens for Zendesk's webhooks
 * @param webhookPublicUrl the base URL Zendesk can reach that port at
 * @param signatureMaxAge  a signed Support webhook older than this is refused as a replay
 * @param requestTimeout   one HTTP call to Zendesk
 * @param sunco            the runtime settings of the Sunshine Conversations host
 * @param support          the runtime settings of the Support host
 * @param connectionSecrets opens the secrets of {@code connections.v1} records (the ingress's
 *                         {@code BATON_INGRESS_SECRETS_KEY})
 */
public record ZendeskConfig(String apiUrl, int webhookPort, String webhookPublicUrl, Duration signatureMaxAge,
    Duration requestTimeout, HostConfig sunco, HostConfig support, SealedSecrets connectionSecrets) {

  /** Sunshine Conversations publishes no numbers: stay modest, back off on 429 with jitter. */
  public static final PlatformCalls.Limits SUNCO_LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(30)), 20, 10);
  /** Support allows 200 to 2,500 requests a minute by plan; the smallest plan's is the safe default (3/s). */
  public static final PlatformCalls.Limits SUPPORT_LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(10, Duration.ofMillis(500), Duration.ofSeconds(60)), 3, 10);

  public ZendeskConfig {
    apiUrl = apiUrl == null || apiUrl.isBlank() ? null
        : apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  /**
   * {@code BATON_ZENDESK_API_URL} (unset), {@code BATON_ZENDESK_WEBHOOK_PORT} (8096),
   * {@code BATON_ZENDESK_WEBHOOK_PUBLIC_URL} ({@code http://localhost:<port>}),
   * {@code BATON_ZENDESK_SIGNATURE_MAX_AGE_S} (300), {@code BATON_ZENDESK_REQUEST_TIMEOUT_S} (10), the runtime's
   * {@code BATON_CONNECTOR_*} and {@code BATON_INGRESS_SECRETS_KEY}.
   */
  public static ZendeskConfig fromEnv(Map<String, String> env) {
    int port = EnvironmentSettings.integer(env, "BATON_ZENDESK_WEBHOOK_PORT", 8096);
    return new ZendeskConfig(env.get("BATON_ZENDESK_API_URL"), port,
        env.getOrDefault("BATON_ZENDESK_WEBHOOK_PUBLIC_URL", "http://localhost:" + port),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_ZENDESK_SIGNATURE_MAX_AGE_S", 300)),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_ZENDESK_REQUEST_TIMEOUT_S", 10)),
        HostConfig.fromEnv(env, SUNCO_LIMITS), HostConfig.fromEnv(env, SUPPORT_LIMITS),
        SealedSecrets.fromEnv(env).orElse(null));
  }

  /** For tests and the local stack: calls to {@code apiUrl}, webhooks on {@code webhookPort} of localhost. */
  public static ZendeskConfig of(String apiUrl, int webhookPort, SealedSecrets connectionSecrets) {
    return new ZendeskConfig(apiUrl, webhookPort, "http://localhost:" + webhookPort, Duration.ofMinutes(5),
        Duration.ofSeconds(10), HostConfig.defaults(SUNCO_LIMITS), HostConfig.defaults(SUPPORT_LIMITS),
        connectionSecrets);
  }

  public ZendeskConfig withHosts(HostConfig sunco, HostConfig support) {
    return new ZendeskConfig(apiUrl, webhookPort, webhookPublicUrl, signatureMaxAge, requestTimeout, sunco, support,
        connectionSecrets);
  }

  public ZendeskConfig withWebhook(int port, String publicUrl) {
    return new ZendeskConfig(apiUrl, port, publicUrl, signatureMaxAge, requestTimeout, sunco, support,
        connectionSecrets);
  }

  @Override
  public String toString() {
    return "ZendeskConfig[apiUrl=" + apiUrl + ", webhookPort=" + webhookPort + ", webhookPublicUrl=" + webhookPublicUrl
        + "]";
  }
}
