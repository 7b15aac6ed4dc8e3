package io.baton.ingress;

import java.nio.charset.StandardCharsets;
import java.util.List;

/** The credentials the tests' ingresses are configured with: a bot key per test tenant, an admin key, fixed secrets. */
final class TestKeys {
  static final List<String> TENANTS = List.of("demo", "acme", "acme.eu-1", "tenant-a", "tenant-b", "acme.ec", "globex");
  static final String ADMIN = "admin-key-for-tests";
  static final byte[] TOKEN_SECRET = "widget-token-secret-for-tests".getBytes(StandardCharsets.UTF_8);
  static final byte[] SECRETS_KEY = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private TestKeys() {}

  static String bot(String tenant) {
    return "bot-key-of-" + tenant;
  }

  static IngressConfig.Security security() {
    IngressConfig.Security s = IngressConfig.Security.none().withAdminKey(ADMIN).withTokenSecret(TOKEN_SECRET)
        .withSecretsKey(SECRETS_KEY);
    for (String t : TENANTS) {
      s = s.withBotKey(t, bot(t));
    }
    return s;
  }

  /**
   * Webhook delivery off: only the webhook test joins the delivery consumer group. No connector runs beside these
   * ingresses, and their tests are about the API: handovers are not checked against running connectors
   * (HandoverWithoutConnectorTest checks that).
   */
  static IngressConfig config() {
    return new IngressConfig(0, security()).withWebhooks(new IngressConfig.Webhooks(false, 1,
        java.time.Duration.ZERO, java.time.Duration.ofSeconds(1))).withRequireConnector(false);
  }
}
