package io.baton.connector.misc.oracle;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.connections.ConnectedConnector;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.Map;

/**
 * The Oracle B2C Service chat part of connector-misc: the commands of {@code connector.oracle_chat.commands.v2}
 * hosted by the shared runtime, and the {@code oracle_chat} connections of {@code connections.v1}, which carry every
 * credential. Oracle pushes nothing: each chat's agent activity is long-polled ({@link OraclePlatform}), so this
 * part needs no webhook endpoint.
 */
public final class OracleConnector implements Service {
  private final ConnectedConnector<OracleEngagement> oracle;
  private volatile OraclePlatform platform;

  public OracleConnector(OracleConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka) {
    this(config, connectionSecrets, kafka, Map.of());
  }

  /** @param configured connections of the environment with their secrets (tests); others come from the feed */
  public OracleConnector(OracleConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      Map<String, Map<String, String>> configured) {
    oracle = new ConnectedConnector<>(new ConnectedConnector.Setup("connector-oracle-chat", Platform.oracle_chat,
        kafka, config.host(), OracleSettings.SECRETS, configured, connectionSecrets), (ctx, connections) -> {
          OracleClient client = new OracleClient(config.requestTimeout(), config.pollTimeout());
          OracleSessions sessions = new OracleSessions(client, ctx.calls(), connections);
          platform = new OraclePlatform(config, client, sessions, ctx);
          return new ConnectedConnector.Parts<>(sessions::activate, platform);
        });
  }

  @Override
  public void start() {
    oracle.start();
  }

  /** The chats this instance holds. */
  public Chats<?> chats() {
    return oracle.chats();
  }

  /** Chats this instance is long-polling now. */
  public int polling() {
    return platform == null ? 0 : platform.polling();
  }

  /** The Oracle connections of this instance and whether each is active. */
  public PlatformConnections connections() {
    return oracle.connections();
  }

  public ConnectorHost host() {
    return oracle.host();
  }

  @Override
  public void stop() {
    oracle.stop();
  }
}
