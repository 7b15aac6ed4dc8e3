package io.baton.connector.misc.gorgias;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * One connection's way into a Gorgias account: its settings and its REST API credentials (the user's email and API
 * key, sent as HTTP Basic). {@link #toString} shows no secret.
 */
record GorgiasAccount(String connection, GorgiasSettings settings, String email, String apiKey) {
  /** The secrets a {@code gorgias} connection must have, with what each is ({@code webhookSecret} is optional). */
  static final Map<String, String> SECRETS = Map.of("email", "Gorgias API user's email",
      "apiKey", "Gorgias REST API key");

  static GorgiasAccount of(String connection, GorgiasSettings settings, Map<String, String> secrets) {
    return new GorgiasAccount(connection, settings, secrets.get("email"), secrets.get("apiKey"));
  }

  String apiUrl() {
    return settings.apiUrl();
  }

  String authorization() {
    return "Basic " + Base64.getEncoder().encodeToString((email + ":" + apiKey).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public String toString() {
    return "GorgiasAccount[" + connection + ", " + settings.apiUrl() + "]";
  }
}
