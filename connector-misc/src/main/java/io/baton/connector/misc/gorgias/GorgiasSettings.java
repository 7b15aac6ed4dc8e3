package io.baton.connector.misc.gorgias;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
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
    List<String> wrong = new ArrayList<>();
    String apiUrl = optional(settings, "apiUrl");
    if (apiUrl == null) {
      apiUrl = defaultApiUrl;
    }
    if (apiUrl == null) {
      wrong.add("no apiUrl (https://<domain>.gorgias.com/api)");
    } else {
      apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
      String problem = urlProblem(apiUrl);
      if (problem != null) {
        wrong.add("apiUrl " + problem);
      }
    }
    String channel = settings.getOrDefault("channel", DEFAULT_CHANNEL).trim();
    if (!CHANNELS.contains(channel)) {
      wrong.add("channel '" + channel + "' is not one of " + CHANNELS);
    }
    String team = optional(settings, "teamId");
    if (team != null && !team.matches("[1-9][0-9]{0,18}")) {
      wrong.add("teamId '" + team + "' is not a Gorgias team id (a number)");
    }
    String webhookUrl = optional(settings, "webhookUrl");
    if (webhookUrl != null && urlProblem(webhookUrl) != null) {
      wrong.add("webhookUrl " + urlProblem(webhookUrl));
    }
    String names = settings.getOrDefault("agentNames", "first").trim();
    if (!names.equals("first") && !names.equals("full")) {
      wrong.add("agentNames '" + names + "' is not first or full");
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("the connection's settings are wrong: " + String.join("; ", wrong));
    }
    return new GorgiasSettings(apiUrl, channel, team, webhookUrl, names.equals("full"));
  }

  /**
   * Why the URL cannot be used: credentials go there, so only https, or plain http to a local or dot-less host (the
   * sandbox, a docker-compose service).
   */
  static String urlProblem(String url) {
    try {
      URI uri = new URI(url);
      String host = uri.getHost();
      if (host == null || uri.getScheme() == null) {
        return "'" + url + "' is not an absolute URL";
      }
      boolean local = host.equals("localhost") || host.equals("127.0.0.1") || !host.contains(".");
      if (!uri.getScheme().equals("https") && !(uri.getScheme().equals("http") && local)) {
        return "'" + url + "' must be https";
      }
      return null;
    } catch (URISyntaxException e) {
      return "'" + url + "' is not a URL";
    }
  }

  private static String optional(Map<String, String> settings, String name) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? null : v.trim();
  }
}
