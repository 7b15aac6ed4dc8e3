package io.baton.connector.misc.freshchat;

import java.util.Map;

/**
 * One connection's way into a Freshchat account: its settings, its API token, and the channel handovers open in
 * (the setting, or the one activation found). {@link #toString} shows no secret.
 */
record FreshchatAccount(String connection, FreshchatSettings settings, String token, String channelId) {
  /** The secrets a {@code freshchat} connection must have, with what each is. */
  static final Map<String, String> SECRETS = Map.of("token", "Freshchat API token",
      "publicKey", "Freshchat webhook RSA public key (PEM)");
  /** Where activation leaves the channel among what webhooks are checked with (the connection's secrets). */
  static final String CHANNEL = "freshchat.channelId";

  static FreshchatAccount of(String connection, FreshchatSettings settings, Map<String, String> secrets) {
    return new FreshchatAccount(connection, settings, secrets.get("token"),
        settings.channelId() != null ? settings.channelId() : secrets.get(CHANNEL));
  }

  String apiUrl() {
    return settings.apiUrl();
  }

  @Override
  public String toString() {
    return "FreshchatAccount[" + connection + ", " + settings.apiUrl() + ", channel " + channelId + "]";
  }
}
