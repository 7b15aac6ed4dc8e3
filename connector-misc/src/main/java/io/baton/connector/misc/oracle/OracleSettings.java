package io.baton.connector.misc.oracle;

import io.baton.connector.connections.ConnectionSettings;
import java.util.Map;

/**
 * An {@code oracle_chat} connection's settings (not secret), checked.
 *
 * @param siteUrl           the site, {@code https://<site>.custhelp.com} (establishSessions goes there)
 * @param interfaceId       merged into the session information when the handover's lacks it; null: none [guess]
 * @param queueId           merged likewise, and the queue whose statistics the availability check reads; null: none
 * @param availabilityCheck read the queue statistics before requesting an engagement (no agent: the handover fails)
 */
record OracleSettings(String siteUrl, Long interfaceId, Long queueId, boolean availabilityCheck) {
  /** The secrets an {@code oracle_chat} connection must have, with what each is. */
  static final Map<String, String> SECRETS = Map.of("username", "the site's API user (establishSessions)",
      "password", "that user's password");

  /** The settings of a connection, or the reason they are unusable (every missing or wrong one named). */
  static OracleSettings of(Map<String, String> settings) {
    ConnectionSettings read = new ConnectionSettings(settings);
    String siteUrl = read.secureUrl("siteUrl", null, "https://<site>.custhelp.com");
    Long interfaceId = read.positiveId("interfaceId");
    Long queueId = read.positiveId("queueId");
    String check = read.optional("availabilityCheck");
    if (check != null && !check.equals("true") && !check.equals("false")) {
      read.wrong("availabilityCheck '" + check + "' is not true or false");
    }
    read.check();
    return new OracleSettings(siteUrl, interfaceId, queueId, !"false".equals(check));
  }
}
