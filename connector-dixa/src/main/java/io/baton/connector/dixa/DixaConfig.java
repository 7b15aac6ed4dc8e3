package io.baton.connector.dixa;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.secrets.SealedSecrets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Settings of the Dixa connector. API tokens come from the connections of {@code connections.v1} (secret
 * {@code token}, opened with the ingress's secrets key) and from the environment ({@code BATON_DIXA_TOKENS}, per
 * connection, and {@code BATON_DIXA_DEFAULT_TOKEN} for every other connection). Tokens are never logged
 * ({@link #toString}).
 *
 * @param apiUrl           Dixa's API base ({@code https://dev.dixa.io/v1}; the sandbox's in the local stack and tests)
 * @param tokens           API token per connection id
 * @param defaultToken     the token of connections not in {@code tokens}; null = such handovers fail
 * @param webhookPort      where the connector listens for Dixa's webhooks ({@code /webhooks/dixa/<connection>})
 * @param webhookPublicUrl the base URL Dixa can reach that port at; subscriptions point there
 * @param signatureMaxAge  a signed webhook older than this is refused as a replay
 * @param connectionSecrets opens the tokens of {@code connections.v1} records (the ingress's
 *                         {@code BATON_INGRESS_SECRETS_KEY}); null = tokens from the environment only
 */
public record DixaConfig(String apiUrl, Map<String, String> tokens, String defaultToken, int webhookPort,
    String webhookPublicUrl, Duration signatureMaxAge, Duration requestTimeout, HostConfig host,
    SealedSecrets connectionSecrets) {

  /** The name of the connection that uses the default token. */
  public static final String DEFAULT_CONNECTION = "default";

  /**
   * Dixa's published limit is 10 requests/s per token with a burst of 4. The connector stays a little below it (9/s,
   * burst 3): its bucket and Dixa's are not in step, and requests bunch up on the way, so calls sent exactly at the
   * limit are sometimes refused. On a 429 it backs off patiently (a storm of handovers can queue for a while).
   */
  public static final PlatformCalls.Limits DIXA_LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(10, Duration.ofMillis(250), Duration.ofSeconds(10)), 9, 3);

  public DixaConfig {
    tokens = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tokens));
    apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
  }

  public static DixaConfig fromEnv(Map<String, String> env) {
    Map<String, String> tokens = new LinkedHashMap<>();
    String raw = env.getOrDefault("BATON_DIXA_TOKENS", "");
    for (String pair : raw.split(",")) {
      if (pair.isBlank()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0 || eq == pair.length() - 1) {
        throw new IllegalArgumentException("BATON_DIXA_TOKENS must be connectionId=token,...");
      }
      tokens.put(pair.substring(0, eq).trim(), pair.substring(eq + 1).trim());
    }
    int port = Integer.parseInt(env.getOrDefault("BATON_DIXA_WEBHOOK_PORT", "8095").trim());
    String defaultToken = env.get("BATON_DIXA_DEFAULT_TOKEN");
    return new DixaConfig(env.getOrDefault("BATON_DIXA_API_URL", "https://dev.dixa.io/v1"), tokens,
        defaultToken == null || defaultToken.isBlank() ? null : defaultToken.trim(), port,
        env.getOrDefault("BATON_DIXA_WEBHOOK_PUBLIC_URL", "http://localhost:" + port),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_DIXA_SIGNATURE_MAX_AGE_S", "300").trim())),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_DIXA_REQUEST_TIMEOUT_S", "10").trim())),
        HostConfig.fromEnv(env, DIXA_LIMITS), SealedSecrets.fromEnv(env).orElse(null));
  }

  /** For tests and the local stack: one default token, the webhook server on {@code webhookPort} of localhost. */
  public static DixaConfig of(String apiUrl, String defaultToken, int webhookPort) {
    return new DixaConfig(apiUrl, Map.of(), defaultToken, webhookPort, "http://localhost:" + webhookPort,
        Duration.ofMinutes(5), Duration.ofSeconds(10), HostConfig.defaults(DIXA_LIMITS), null);
  }

  public DixaConfig withHost(HostConfig host) {
    return new DixaConfig(apiUrl, tokens, defaultToken, webhookPort, webhookPublicUrl, signatureMaxAge,
        requestTimeout, host, connectionSecrets);
  }

  public DixaConfig withConnectionSecrets(SealedSecrets secrets) {
    return new DixaConfig(apiUrl, tokens, defaultToken, webhookPort, webhookPublicUrl, signatureMaxAge,
        requestTimeout, host, secrets);
  }

  public DixaConfig withWebhook(int port, String publicUrl) {
    return new DixaConfig(apiUrl, tokens, defaultToken, port, publicUrl, signatureMaxAge, requestTimeout, host,
        connectionSecrets);
  }

  /** Every connection that has a token: each gets its webhook subscription at start. */
  public Map<String, String> connections() {
    Map<String, String> all = new LinkedHashMap<>(tokens);
    if (defaultToken != null) {
      all.put(DEFAULT_CONNECTION, defaultToken);
    }
    return all;
  }

  @Override
  public String toString() {
    return "DixaConfig[apiUrl=" + apiUrl + ", connections=" + connections().keySet() + ", webhookPort=" + webhookPort
        + ", webhookPublicUrl=" + webhookPublicUrl + "]";
  }
}
