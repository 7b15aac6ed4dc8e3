package io.baton.connector.misc.gorgias;

import io.baton.connector.connections.ConnectionSettings;
import java.util.Map;
import java.util.Set;

/**
 * A {@code gorgias} connection's settings (not secret) as {@code connections.v1} has them, checked.
 *
 * @param apiUrl     the account's API, {@code https://<domain>.gorgias.com/api} (the connector's own when none)
 * @param channel    the channel tickets and their messages are on ({@code chat} unless set)
 * @param teamId     the team a ticket is assigned to when the handover names none; null: none
 * @param webhookUrl where Gorgias posts the connection's deliveries; null: the connector's own URL
 * @param fullNames  agents are named to the visitor by their full name; false: by their first name
 */
record GorgiasSettings(String apiUrl, String channel, String teamId, String webhookUrl, boolean fullNames) {
  static final String DEFAULT_CHANNEL = "chat";
  /** Channels a chat handover may open a ticket on (Gorgias's channel slugs a text conversation can use). */
  static final Set<String> CHANNELS = Set.of("chat", "api", "email", "sms", "help-center", "contact_form");

  /** The settings of a connection, or the reason they are unusable (every wrong one named). */
  static GorgiasSettings of(Map<String, String> settings, String defaultApiUrl) {
    ConnectionSettings read = new ConnectionSettings(settings);
    String apiUrl = read.secureUrl("apiUrl", defaultApiUrl, "https://<domain>.gorgias.com/api");
    String channel = read.orDefault("channel", DEFAULT_CHANNEL);
    if (!CHANNELS.contains(channel)) {
      read.wrong("channel '" + channel + "' is not one of " + CHANNELS);
    }
    String team = read.optional("teamId");
    if (team != null && !team.matches("[1-9][0-9]{0,18}")) {
      read.wrong("teamId '" + team + "' is not a Gorgias team id (a number)");
    }
    String webhookUrl = read.optionalSecureUrl("webhookUrl");
    String names = read.orDefault("agentNames", "first");
    if (!names.equals("first") && !names.equals("full")) {
      read.wrong("agentNames '" + names + "' is not first or full");
    }
    read.check();
    return new GorgiasSettings(apiUrl, channel, team, webhookUrl, names.equals("full"));
  }
}
