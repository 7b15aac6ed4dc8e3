package io.baton.connector.chat2desk;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.secrets.SealedSecrets;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Chat2Desk connector. Credentials come from the {@code chat2desk} connections of
 * {@code connections.v1} (secret {@code token}, opened with the ingress's secrets key); none is ever logged.
 *
 * @param apiUrl            Chat2Desk's API without {@code /v1} ({@code https://api.chat2desk.com}; the sandbox's
 *                          {@code http://localhost:8090/chat2desk} in the local stack and tests)
 * @param webhookPort       where the connector listens for Chat2Desk's webhooks ({@code /webhooks/chat2desk/<connection>})
 * @param webhookPublicUrl  the base URL Chat2Desk can reach that port at (a connection's {@code webhookUrl} setting
 *                          overrides it for that connection)
 * @param requestTimeout    one HTTP call to Chat2Desk
 * @param maxText           the longest text of one message; longer texts go out as several [guess: 4096]
 * @param connectionSecrets opens the secrets of {@code connections.v1} records ({@code BATON_INGRESS_SECRETS_KEY})
 */
public record Chat2DeskConfig(String apiUrl, int webhookPort, String webhookPublicUrl, Duration requestTimeout,
    int maxText, HostConfig host, SealedSecrets connectionSecrets) {

  /** The default webhook port: Dixa listens on 8095, Zendesk on 8096. */
  public static final int DEFAULT_WEBHOOK_PORT = 8097;
  public static final int DEFAULT_MAX_TEXT = 4096;

  /**
   * Chat2Desk publishes no per-second limit, only "Number of API requests exceeded" and a monthly quota [guess]: stay
   * modest (5/s, burst 5) and back off patiently on 429 ({@code Retry-After} first).
   */
  public static final PlatformCalls.Limits CHAT2DESK_LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(250), Duration.ofSeconds(30)), 5, 5);

  public Chat2DeskConfig {
    apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
    if (maxText < 100) {
      throw new IllegalArgumentException("the longest text of a message must be at least 100 characters");
    }
  }

  /**
   * {@code BATON_CHAT2DESK_API_URL} ({@code https://api.chat2desk.com}), {@code BATON_CHAT2DESK_WEBHOOK_PORT} (8097),
   * {@code BATON_CHAT2DESK_WEBHOOK_PUBLIC_URL} ({@code http://localhost:<port>}),
   * {@code BATON_CHAT2DESK_REQUEST_TIMEOUT_S} (10), {@code BATON_CHAT2DESK_MAX_TEXT} (4096), the runtime's
   * {@code BATON_CONNECTOR_*} and {@code BATON_INGRESS_SECRETS_KEY}.
   */
  public static Chat2DeskConfig fromEnv(Map<String, String> env) {
    int port = EnvironmentSettings.integer(env, "BATON_CHAT2DESK_WEBHOOK_PORT", DEFAULT_WEBHOOK_PORT);
    return new Chat2DeskConfig(env.getOrDefault("BATON_CHAT2DESK_API_URL", "https://api.chat2desk.com"), port,
        env.getOrDefault("BATON_CHAT2DESK_WEBHOOK_PUBLIC_URL", "http://localhost:" + port),
        Duration.ofSeconds(EnvironmentSettings.integer(env, "BATON_CHAT2DESK_REQUEST_TIMEOUT_S", 10)),
        EnvironmentSettings.integer(env, "BATON_CHAT2DESK_MAX_TEXT", DEFAULT_MAX_TEXT),
        HostConfig.fromEnv(env, CHAT2DESK_LIMITS),
        SealedSecrets.fromEnv(env).orElse(null));
  }

  /** For tests and the local stack: calls to {@code apiUrl}, webhooks on {@code webhookPort} of localhost. */
  public static Chat2DeskConfig of(String apiUrl, int webhookPort, SealedSecrets connectionSecrets) {
    return new Chat2DeskConfig(apiUrl, webhookPort, "http://localhost:" + webhookPort, Duration.ofSeconds(10),
        DEFAULT_MAX_TEXT, HostConfig.defaults(CHAT2DESK_LIMITS), connectionSecrets);
  }

  public Chat2DeskConfig withHost(HostConfig host) {
    return new Chat2DeskConfig(apiUrl, webhookPort, webhookPublicUrl, requestTimeout, maxText, host,
        connectionSecrets);
  }

  public Chat2DeskConfig withWebhook(int port, String publicUrl) {
    return new Chat2DeskConfig(apiUrl, port, publicUrl, requestTimeout, maxText, host, connectionSecrets);
  }

  @Override
  public String toString() {
    return "Chat2DeskConfig[apiUrl=" + apiUrl + ", webhookPort=" + webhookPort + ", webhookPublicUrl="
        + webhookPublicUrl + "]";
  }
}
