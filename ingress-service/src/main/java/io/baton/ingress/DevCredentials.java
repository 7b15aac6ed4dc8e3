package io.baton.ingress;

import io.baton.secrets.SealedSecrets;
import java.util.HashMap;
import java.util.Map;

/**
 * The development credentials of the local stack and the benchmarks: tenant {@code demo} with a dev bot key, a dev
 * admin key, fixed dev secrets, and the dev-only widget token endpoint the demo page uses. Never production.
 */
public final class DevCredentials {
  /** The dev tenant and its bot key (override BATON_INGRESS_BOT_KEYS anywhere else). */
  public static final String TENANT = "demo";
  public static final String BOT_KEY = "dev-bot-key-demo";

  private DevCredentials() {}

  /** {@code env} with the dev ingress settings added where it does not set them. */
  public static Map<String, String> withDevDefaults(Map<String, String> env) {
    Map<String, String> out = new HashMap<>(env);
    out.putIfAbsent("BATON_INGRESS_BOT_KEYS", TENANT + "=" + BOT_KEY);
    out.putIfAbsent("BATON_INGRESS_ADMIN_KEY", "dev-admin-key");
    // a key list set (a rotation tried locally) replaces the single dev key: both at once are refused
    if (!env.containsKey("BATON_INGRESS_TOKEN_SECRETS")) {
      out.putIfAbsent("BATON_INGRESS_TOKEN_SECRET", "dev-widget-token-secret-not-for-production");
    }
    if (!env.containsKey(SealedSecrets.KEYS_VARIABLE)) {
      out.putIfAbsent(SealedSecrets.KEY_VARIABLE, "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk=");
    }
    out.putIfAbsent("BATON_INGRESS_DEV_TENANT", TENANT);
    out.putIfAbsent("BATON_DEMO_BOT_KEY", BOT_KEY);
    out.putIfAbsent("BATON_INGRESS_WEBHOOK_ALLOW_LOOPBACK", "true"); // a bot webhook on this machine
    return out;
  }
}
