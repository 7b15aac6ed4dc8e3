package io.baton.connector.misc.freshchat;

import io.baton.connector.connections.PlatformConnections;
import java.util.concurrent.CompletableFuture;

/** A connection's {@link FreshchatAccount} once the connection is active (its token and channel checked). */
final class FreshchatAccounts {
  private final PlatformConnections connections;
  private final String defaultApiUrl;

  FreshchatAccounts(PlatformConnections connections, String defaultApiUrl) {
    this.connections = connections;
    this.defaultApiUrl = defaultApiUrl;
  }

  PlatformConnections connections() {
    return connections;
  }

  /** The connection's settings, or the reason they are unusable. */
  FreshchatSettings settings(String connection) {
    return FreshchatSettings.of(connections.settings(connection), defaultApiUrl);
  }

  CompletableFuture<FreshchatAccount> of(String connection) {
    return connections.activeSecrets(connection)
        .thenApply(secrets -> FreshchatAccount.of(connection, settings(connection), secrets));
  }
}
