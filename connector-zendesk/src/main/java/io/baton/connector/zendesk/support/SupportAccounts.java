package io.baton.connector.zendesk.support;

import io.baton.connector.connections.PlatformConnections;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/** The {@link SupportAccount} of each connection, from {@code connections.v1}'s settings and secrets. */
final class SupportAccounts {
  private final String apiUrl;
  private volatile PlatformConnections connections;

  SupportAccounts(String apiUrl) {
    this.apiUrl = apiUrl;
  }

  void use(PlatformConnections connections) {
    this.connections = connections;
  }

  PlatformConnections connections() {
    return connections;
  }

  /** The account with these secrets (in activation, before the connection is active). */
  SupportAccount account(String connection, Map<String, String> secrets) {
    return SupportAccount.of(connection, connections.settings(connection), secrets, apiUrl);
  }

  /** The account of an active connection (waits until it is). */
  CompletableFuture<SupportAccount> active(String connection) {
    return connections.active(connection).thenCompose(x -> connections.secrets(connection))
        .thenApply(secrets -> account(connection, secrets));
  }
}
