package io.baton.ingress.connection;

import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Map;

/**
 * The checks the ingress can make of a connection itself; the connector checks the rest (credentials work, webhook
 * registered) and writes the status to connections.v1 later. A connection that fails a check is saved inactive with
 * the reason.
 */
final class ConnectionChecks {
  /** The secret holding a Chat2Desk API token. */
  static final String CHAT2DESK_TOKEN = "token";

  record Verdict(ConnectionStatus status, String reason) {}

  private final ConnectionStore store;
  private final SealedSecrets box;
  private final boolean startActive;

  ConnectionChecks(ConnectionStore store, SealedSecrets box, boolean startActive) {
    this.store = store;
    this.box = box;
    this.startActive = startActive;
  }

  Verdict check(String tenant, String connectionId, Platform platform, boolean enabled, Map<String, String> secrets) {
    if (!enabled) {
      return new Verdict(ConnectionStatus.inactive, "deactivated through the API");
    }
    if (platform == Platform.chat2desk && secrets.containsKey(CHAT2DESK_TOKEN)) {
      // Chat2Desk delivers a token's webhooks to one URL only, so one token serves one connection
      byte[] token = secrets.get(CHAT2DESK_TOKEN).getBytes(StandardCharsets.UTF_8);
      for (Connection other : store.all()) {
        if (other.getConnectionId().equals(connectionId) || other.getPlatform() != Platform.chat2desk
            || !other.getEnabled() || other.getEncryptedSecrets() == null
            || (other.getStatus() != ConnectionStatus.active && other.getStatus() != ConnectionStatus.pending)) {
          continue;
        }
        String theirs = ConnectionJson.secrets(box, other).get(CHAT2DESK_TOKEN);
        if (theirs != null && MessageDigest.isEqual(token, theirs.getBytes(StandardCharsets.UTF_8))) {
          // another tenant's connection id is not named
          String where = other.getTenant().equals(tenant) ? "connection " + other.getConnectionId()
              : "a connection of another tenant";
          return new Verdict(ConnectionStatus.inactive,
              "this Chat2Desk token is already active in " + where + "; a token may be active in one connection only");
        }
      }
    }
    return startActive ? new Verdict(ConnectionStatus.active, null)
        : new Verdict(ConnectionStatus.pending, "waiting for the connector to check it");
  }
}
