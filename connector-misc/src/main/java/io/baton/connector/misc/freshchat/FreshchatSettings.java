package io.baton.connector.misc.freshchat;

import io.baton.connector.connections.ConnectionSettings;
import java.util.Map;

/**
 * A {@code freshchat} connection's settings (not secret) as {@code connections.v1} has them, checked.
 *
 * @param apiUrl           the account's API, {@code https://<account>.freshchat.com/v2} (the connector's own when the
 *                         connection names none)
 * @param channelId        the channel (topic) handovers open in; null: the account's first enabled channel
 * @param groupId          the group conversations are assigned to; null: none (Freshchat's own assignment rules)
 * @param botAgentId       the agent the bot's transcript lines are posted as (private notes); null: they are posted
 *                         as the user's, marked {@code Bot:}
 * @param handoverProperty the conversation property carrying Baton's handover id (found again after a crash)
 */
record FreshchatSettings(String apiUrl, String channelId, String groupId, String botAgentId,
    String handoverProperty) {
  static final String DEFAULT_HANDOVER_PROPERTY = "cf_baton_handover";

  /** The settings of a connection, or the reason they are unusable (every missing or wrong one named). */
  static FreshchatSettings of(Map<String, String> settings, String defaultApiUrl) {
    ConnectionSettings read = new ConnectionSettings(settings);
    String apiUrl = read.secureUrl("apiUrl", defaultApiUrl, "https://<account>.freshchat.com/v2");
    String property = read.orDefault("handoverProperty", DEFAULT_HANDOVER_PROPERTY);
    if (!property.matches("[A-Za-z0-9_]+")) {
      read.wrong("handoverProperty '" + property + "' is not a property name (letters, digits, _)");
    }
    read.check();
    return new FreshchatSettings(apiUrl, read.optional("channelId"), read.optional("groupId"),
        read.optional("botAgentId"), property);
  }
}
