package io.baton.connector.misc.gorgias;

import io.baton.connector.connections.PlatformConnections;
import java.util.concurrent.CompletableFuture;

/** A connection's {@link GorgiasAccount} once the connection is active (its key and integration checked). */
final class GorgiasAccounts {
  private final PlatformConnections connections;
  private final String defaultApiUrl;

  GorgiasAccounts(PlatformConnections connections, String defaultApiUrl) {
    this.connections = connections;
    this.defaultApiUrl = defaultApiUrl;
  }

  PlatformConnections connections() {
    return connections;
  }

  /** The connection's settings, or the reason they are unusable. */
  GorgiasSettings settings(String connection) {
    return GorgiasSettings.of(connections.settings(connection), defaultApiUrl);
  }

  CompletableFuture<GorgiasAccount> of(String connection) {
    return connections.activeSecrets(connection)
        .thenApply(secrets -> GorgiasAccount.of(connection, settings(connection), secrets));
  }
}
