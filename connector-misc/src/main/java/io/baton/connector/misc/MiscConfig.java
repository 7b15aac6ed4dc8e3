package io.baton.connector.misc;

import io.baton.connector.misc.freshchat.FreshchatConfig;
import io.baton.connector.misc.gorgias.GorgiasConfig;
import io.baton.connector.misc.kustomer.KustomerConfig;
import io.baton.connector.misc.oracle.OracleConfig;
import io.baton.secrets.SealedSecrets;
import io.baton.service.EnvironmentSettings;
import java.util.Map;

/**
 * Settings of the connector-misc service: one webhook server for every platform it hosts, and each platform's own
 * settings. Credentials come from the connections of {@code connections.v1}; none is ever logged.
 *
 * @param webhookPort       where the platforms' webhooks arrive ({@code /webhooks/<platform>/<connection>})
 * @param webhookPublicUrl  the base URL the platforms reach that port at
 * @param connectionSecrets opens the secrets of {@code connections.v1} records ({@code BATON_INGRESS_SECRETS_KEY})
 */
public record MiscConfig(int webhookPort, String webhookPublicUrl, SealedSecrets connectionSecrets,
    KustomerConfig kustomer, FreshchatConfig freshchat, GorgiasConfig gorgias, OracleConfig oracle) {

  /** Dixa listens on 8095, Zendesk on 8096, Chat2Desk on 8097. */
  public static final int DEFAULT_WEBHOOK_PORT = 8098;

  /**
   * {@code BATON_MISC_WEBHOOK_PORT} (8098), {@code BATON_MISC_WEBHOOK_PUBLIC_URL} ({@code http://localhost:<port>}),
   * {@code BATON_INGRESS_SECRETS_KEY}, and each platform's ({@link KustomerConfig#fromEnv},
   * {@link FreshchatConfig#fromEnv}, {@link GorgiasConfig#fromEnv}, {@link OracleConfig#fromEnv}).
   */
  public static MiscConfig fromEnv(Map<String, String> env) {
    int port = EnvironmentSettings.integer(env, "BATON_MISC_WEBHOOK_PORT", DEFAULT_WEBHOOK_PORT);
    return new MiscConfig(port, env.getOrDefault("BATON_MISC_WEBHOOK_PUBLIC_URL", "http://localhost:" + port),
        SealedSecrets.fromEnv(env).orElse(null), KustomerConfig.fromEnv(env), FreshchatConfig.fromEnv(env),
        GorgiasConfig.fromEnv(env), OracleConfig.fromEnv(env));
  }

  public MiscConfig withWebhook(int port, String publicUrl) {
    return new MiscConfig(port, publicUrl, connectionSecrets, kustomer, freshchat, gorgias, oracle);
  }

  public MiscConfig withKustomer(KustomerConfig kustomer) {
    return new MiscConfig(webhookPort, webhookPublicUrl, connectionSecrets, kustomer, freshchat, gorgias, oracle);
  }

  public MiscConfig withFreshchat(FreshchatConfig freshchat) {
    return new MiscConfig(webhookPort, webhookPublicUrl, connectionSecrets, kustomer, freshchat, gorgias, oracle);
  }

  public MiscConfig withGorgias(GorgiasConfig gorgias) {
    return new MiscConfig(webhookPort, webhookPublicUrl, connectionSecrets, kustomer, freshchat, gorgias, oracle);
  }

  public MiscConfig withOracle(OracleConfig oracle) {
    return new MiscConfig(webhookPort, webhookPublicUrl, connectionSecrets, kustomer, freshchat, gorgias, oracle);
  }

  @Override
  public String toString() {
    return "MiscConfig[webhookPort=" + webhookPort + ", webhookPublicUrl=" + webhookPublicUrl + ", kustomer="
        + kustomer + ", freshchat=" + freshchat + ", gorgias=" + gorgias + ", oracle=" + oracle + "]";
  }
}
