package io.baton.connector.zendesk.sunco;

import io.baton.connector.connections.PlatformConnections;
import java.util.concurrent.CompletableFuture;

/** A connection's {@link SuncoAccount} once the connection is active (its credentials checked at activation). */
final class SuncoAccounts {
  private final PlatformConnections connections;

  SuncoAccounts(PlatformConnections connections) {
    this.connections = connections;
  }

  CompletableFuture<SuncoAccount> of(String connection) {
    return connections.active(connection).thenCompose(x -> connections.secrets(connection))
        .thenApply(secrets -> SuncoAccount.of(connection, connections.settings(connection), secrets));
  }

  PlatformConnections connections() {
    return connections;
  }
}
