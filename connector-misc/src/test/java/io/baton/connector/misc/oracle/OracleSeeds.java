package io.baton.connector.misc.oracle;

import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.events.OracleChatHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.oracle.OracleSettings;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import java.time.Duration;
import java.util.Map;

/**
 * What the Oracle tests share: the sandbox with a short poll hold, the {@code oracle_chat} connection in
 * connections.v1 (the sandbox site's URL, queue 1, the API user's sealed credentials), a connector instance, and the
 * seed payload (the visitor's name in the session information, as the desk shows it).
 */
final class OracleSeeds {
  static final String CONNECTION = "9d3c2b1a-0f4e-4c6d-8a7b-5e1f2d3c4b5a";
  static final SealedSecrets SECRETS = ConnectionsTopic.SECRETS;
  /** A short poll hold; a resumed chat waits out one hold before polling, as it waits out Oracle's 30 s. */
  static final Duration HOLD = Duration.ofMillis(400);
  private OracleSeeds() {}

  static HelpdeskSandbox sandbox(SandboxConfig config) {
    return sandbox(config, OracleSettings.defaults().withPollHold(HOLD));
  }

  static HelpdeskSandbox sandbox(SandboxConfig config, OracleSettings oracle) {
    return HelpdeskSandbox.start(config, null, null, null, oracle);
  }

  static OracleChatSimulator oracle(ConnectorFixture fx) {
    return fx.sandbox.oracle();
  }

  /** The connection's settings: the sandbox's site, queue 1, the availability check on. */
  static Map<String, String> settings(ConnectorFixture fx) {
    return Map.of("siteUrl", fx.sandbox.oracleSiteUrl(), "queueId", "1", "interfaceId", "1");
  }

  /** Writes the connection into connections.v1 (tenant acme) with the sandbox's API user. */
  static void connection(ConnectorFixture fx, Map<String, String> settings) {
    ConnectionsTopic.pending(fx, Platform.oracle_chat, CONNECTION, settings,
        Map.of("username", oracle(fx).username(), "password", oracle(fx).password()));
  }

  /** A connector instance (started, its connection active). */
  static OracleConnector connector(ConnectorFixture fx, String instanceId) {
    OracleConnector connector = new OracleConnector(OracleConfig.defaults().withResumePollDelay(HOLD.plusMillis(200))
        .withHost(HostConfig.defaults(OracleConfig.LIMITS).withInstanceId(instanceId)), SECRETS, fx.settings);
    connector.start();
    Eventually.until(ConnectorFixture.PATIENCE, "the Oracle connection active",
        () -> connector.connections().isActive(CONNECTION));
    return connector;
  }

  static StartChat startChat(String visitor, String sessionInformation) {
    return HandoverSeeds.startChat(Platform.oracle_chat, CONNECTION,
        OracleChatHandover.newBuilder().setSessionInformation(sessionInformation).build(),
        VisitorContext.newBuilder().setName(visitor).build(), HandoverSeeds.TRANSCRIPT);
  }

  /** The seed's payload: the visitor's name and email in the session information. */
  static StartChat startChat(String visitor) {
    return startChat(visitor, "{\"firstName\":\"" + visitor + "\",\"emailAddress\":\"" + visitor.toLowerCase()
        + "@example.com\"}");
  }
}
