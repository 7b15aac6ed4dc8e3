package io.baton.connector.zendesk.support;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;

/**
 * Where and as whom one {@code zendesk_support} connection calls Zendesk: {@code https://<domain>/api/v2} (or the
 * configured API URL's), as the API user {@code email} with its API token. {@link #toString} never shows the token.
 *
 * @param connection    the connection id
 * @param apiBase       {@code .../api/v2}
 * @param authorization {@code Basic base64("<email>/token:<apiToken>")}
 * @param settings      the connection's settings (agent-initiated options among them)
 */
record SupportAccount(String connection, String apiBase, String authorization, Map<String, String> settings) {
  /** The secret holding the API token. */
  static final String API_TOKEN = "apiToken";

  /**
   * The account of a connection from its settings ({@code domain}, {@code email}) and secrets ({@code apiToken});
   * {@code apiUrl} (the sandbox) replaces {@code https://<domain>} when set.
   */
  static SupportAccount of(String connection, Map<String, String> settings, Map<String, String> secrets,
      String apiUrl) {
    String domain = settings.getOrDefault("domain", "").trim();
    String email = settings.getOrDefault("email", "").trim();
    String token = secrets.getOrDefault(API_TOKEN, "").trim();
    if (email.isEmpty()) {
      throw new IllegalArgumentException("the connection has no 'email' setting (the Zendesk API user's email)");
    }
    if (token.isEmpty()) {
      throw new IllegalArgumentException("the connection has no Zendesk API token (secret '" + API_TOKEN + "')");
    }
    String base;
    if (apiUrl != null) {
      base = apiUrl;
    } else {
      if (domain.isEmpty()) {
        throw new IllegalArgumentException("the connection has no 'domain' setting (e.g. acme.zendesk.com)");
      }
      if (!domain.matches("[A-Za-z0-9.-]+")) {
        throw new IllegalArgumentException("the 'domain' setting is not a host name: " + domain);
      }
      base = "https://" + domain;
    }
    String basic = Base64.getEncoder().encodeToString((email + "/token:" + token).getBytes(StandardCharsets.UTF_8));
    return new SupportAccount(connection, base + "/api/v2", "Basic " + basic, Map.copyOf(settings));
  }

  String setting(String name, String fallback) {
    String v = settings.get(name);
    return v == null || v.isBlank() ? fallback : v.trim();
  }

  @Override
  public String toString() {
    return "SupportAccount[" + connection + " at " + apiBase + "]";
  }
}
