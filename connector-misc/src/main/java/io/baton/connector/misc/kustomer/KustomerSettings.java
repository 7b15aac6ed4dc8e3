package io.baton.connector.misc.kustomer;

import java.util.Arrays;
import java.util.Map;

/**
 * A {@code kustomer} connection's settings (what is not secret), checked: a wrong one makes the connection inactive
 * with the setting named.
 *
 * @param apiUrl     the org's API host ({@code https://api.kustomerapp.com}, the EU or India host, the sandbox's);
 *                   null: the connector's {@code BATON_KUSTOMER_API_URL}
 * @param botUserId  the Kustomer user the transcript's bot lines come from; null: the API key's own user
 * @param plan       the org's plan, whose per-minute API limit the connector keeps to for this connection
 * @param perMinute  the limit itself ({@code rateLimitPerMinute}, for an org with a negotiated one); else the plan's
 * @param webhookUrl where Kustomer posts this connection's events; null: the connector's own URL for it
 */
record KustomerSettings(String apiUrl, String botUserId, KustomerPlan plan, int perMinute, String webhookUrl) {

  static KustomerSettings of(Map<String, String> settings) {
    String apiUrl = blankToNull(settings.get("apiUrl"));
    if (apiUrl != null && !apiUrl.matches("(?i)https?://[^\\s/]+(/\\S*)?")) {
      throw new IllegalArgumentException("the setting apiUrl must be an http(s) URL, got '" + apiUrl + "'");
    }
    if (apiUrl != null && apiUrl.endsWith("/")) {
      apiUrl = apiUrl.substring(0, apiUrl.length() - 1);
    }
    String bot = blankToNull(settings.get("botUserId"));
    if (bot != null && !bot.matches("[A-Za-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("the setting botUserId must be a Kustomer user id, got '" + bot + "'");
    }
    String planName = blankToNull(settings.get("plan"));
    KustomerPlan plan;
    try {
      plan = planName == null ? KustomerPlan.business : KustomerPlan.of(planName);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the setting plan must be one of "
          + Arrays.toString(KustomerPlan.values()) + ", got '" + planName + "'");
    }
    String limit = blankToNull(settings.get("rateLimitPerMinute"));
    int perMinute = plan.perMinute;
    if (limit != null) {
      try {
        perMinute = Integer.parseInt(limit);
      } catch (NumberFormatException e) {
        perMinute = -1;
      }
      if (perMinute < 1) {
        throw new IllegalArgumentException("the setting rateLimitPerMinute must be a positive whole number, got '"
            + limit + "'");
      }
    }
    String webhookUrl = blankToNull(settings.get("webhookUrl"));
    if (webhookUrl != null && !webhookUrl.matches("(?i)https?://\\S+")) {
      throw new IllegalArgumentException("the setting webhookUrl must be an http(s) URL, got '" + webhookUrl + "'");
    }
    return new KustomerSettings(apiUrl, bot, plan, perMinute, webhookUrl);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
