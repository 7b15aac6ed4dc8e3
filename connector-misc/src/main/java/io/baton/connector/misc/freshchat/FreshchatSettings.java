package io.baton.connector.misc.freshchat;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.List;
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
    List<String> wrong = new ArrayList<>();
    String apiUrl = optional(settings, "apiUrl");
    if (apiUrl == null) {
      apiUrl = defaultApiUrl;
    }
    if (apiUrl == null) {
      wrong.add("no apiUrl (https://<account>.freshchat.com/v2)");
    } else {
      apiUrl = apiUrl.endsWith("/") ? apiUrl.substring(0, apiUrl.length() - 1) : apiUrl;
      String problem = urlProblem(apiUrl);
      if (problem != null) {
        wrong.add("apiUrl " + problem);
      }
    }
    String property = settings.getOrDefault("handoverProperty", DEFAULT_HANDOVER_PROPERTY).trim();
    if (!property.matches("[A-Za-z0-9_]+")) {
      wrong.add("handoverProperty '" + property + "' is not a property name (letters, digits, _)");
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("the connection's settings are wrong: " + String.join("; ", wrong));
    }
    return new FreshchatSettings(apiUrl, optional(settings, "channelId"), optional(settings, "groupId"),
        optional(settings, "botAgentId"), property);
  }

  /**
   * Why the URL cannot be the API's: the token goes there, so only https, or plain http to a local or dot-less host
   * (the sandbox, a docker-compose service).
   */
  private static String urlProblem(String url) {
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
