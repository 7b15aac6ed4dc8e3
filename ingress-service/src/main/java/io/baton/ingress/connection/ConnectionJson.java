package io.baton.ingress.connection;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.Connection;
import io.baton.ingress.http.Json;
import io.baton.secrets.SealedSecrets;
import java.util.Map;
import java.util.TreeMap;

/** A connection as the API shows it: everything but the secrets, of which only the names are shown. */
final class ConnectionJson {
  private ConnectionJson() {}

  static ObjectNode of(Connection c, SealedSecrets box) {
    ObjectNode o = Json.object();
    o.put("connectionId", c.getConnectionId());
    o.put("tenant", c.getTenant());
    o.put("platform", c.getPlatform().name());
    o.put("name", c.getName());
    o.put("enabled", c.getEnabled());
    ObjectNode settings = o.putObject("settings");
    new TreeMap<>(c.getSettings()).forEach(settings::put);
    var names = o.putArray("secretNames");
    try {
      secrets(box, c).keySet().forEach(names::add);
    } catch (IllegalStateException e) { // another key, or none: the connection is still shown
      o.put("secretsReadable", false);
    }
    o.put("status", c.getStatus().name());
    if (c.getStatusReason() == null) {
      o.putNull("statusReason");
    } else {
      o.put("statusReason", c.getStatusReason());
    }
    o.put("updatedAt", c.getUpdatedAt().toString());
    return o;
  }

  static Map<String, String> secrets(SealedSecrets box, Connection c) {
    if (c.getEncryptedSecrets() == null) {
      return Map.of();
    }
    if (box == null) {
      throw new IllegalStateException("connection " + c.getConnectionId() + " has secrets but no key is configured");
    }
    var buffer = c.getEncryptedSecrets().duplicate();
    byte[] sealed = new byte[buffer.remaining()];
    buffer.get(sealed);
    return box.open(c.getTenant(), c.getConnectionId(), sealed);
  }
}
