package io.baton.connector.zendesk.sunco;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A {@code zendesk_sunco} connection's settings (not secret) as {@code connections.v1} has them, checked: the Zendesk
 * domain, the SunCo app and the integration Baton acts as, the API key's id and how it signs in, the Zendesk API
 * email, which visitor variable is the user's identity, and how an agent's message is told from the bot's.
 *
 * @param auth            {@code basic} (the default) or {@code jwt} (HS256, {@code kid} = key id, scope app)
 * @param identityMapping a visitor variable ({@code mail}, {@code email}, an attribute) whose value becomes the
 *                        SunCo user's externalId and email and the requester's email; null for none
 * @param agentMessages   {@code not-ours} (every business message Baton did not post) or {@code source:<type>}
 */
public record SuncoSettings(String domain, String appId, String integrationId, String keyId, String auth,
    String email, String identityMapping, String agentMessages) {
  public static final String NOT_OURS = "not-ours";

  /** The settings of a connection, or the reason they are unusable (every missing or wrong one named). */
  public static SuncoSettings of(Map<String, String> settings) {
    List<String> wrong = new ArrayList<>();
    String domain = required(settings, "domain", wrong);
    String appId = required(settings, "appId", wrong);
    String integrationId = required(settings, "integrationId", wrong);
    String keyId = required(settings, "keyId", wrong);
    String email = required(settings, "email", wrong);
    String auth = settings.getOrDefault("auth", "basic").trim();
    if (!auth.equals("basic") && !auth.equals("jwt")) {
      wrong.add("auth is '" + auth + "', expected basic or jwt");
    }
    String rule = settings.getOrDefault("agentMessages", NOT_OURS).trim();
    if (!rule.equals(NOT_OURS) && !(rule.startsWith("source:") && rule.length() > "source:".length())) {
      wrong.add("agentMessages is '" + rule + "', expected not-ours or source:<type>");
    }
    if (domain != null && !domain.matches("[A-Za-z0-9.-]+")) {
      wrong.add("domain '" + domain + "' is not a host name (e.g. acme.zendesk.com)");
    }
    if (!wrong.isEmpty()) {
      throw new IllegalArgumentException("the connection's settings are incomplete: " + String.join("; ", wrong));
    }
    String mapping = settings.get("identityMapping");
    return new SuncoSettings(domain, appId, integrationId, keyId, auth, email,
        mapping == null || mapping.isBlank() ? null : mapping.trim(), rule);
  }

  private static String required(Map<String, String> settings, String name, List<String> wrong) {
    String v = settings.get(name);
    if (v == null || v.isBlank()) {
      wrong.add("no " + name);
      return null;
    }
    return v.trim();
  }

  /** The SunCo source type whose business messages are the agent's, or null under {@link #NOT_OURS}. */
  String agentSource() {
    return agentMessages.startsWith("source:") ? agentMessages.substring("source:".length()) : null;
  }
}
