package io.baton.connector.chat2desk;

import java.security.NoSuchAlgorithmException;
import java.util.Map;
import javax.crypto.Mac;

/**
 * A {@code chat2desk} connection's settings (what is not secret), checked: a wrong value makes the connection
 * inactive with the reason rather than being guessed at.
 *
 * @param operatorId         the bot's operator: only dialogs assigned to it reach the bot; null: the general queue's
 *                           (dialogs with no operator)
 * @param serviceMessages    a dialog closed in Chat2Desk reaches the bot as {@code c2d: dialog closed}
 * @param externalChannelId  the external channel Baton's widget visitors are handed over through; null: none
 * @param webhookUrl         where Chat2Desk posts this connection's events; null: the connector's own URL for it
 * @param signatureHeader    the header of the webhook signature [guess: the vendor's name is unconfirmed]
 * @param signatureAlgorithm the HMAC of the raw body, a {@link Mac} name [guess: HmacSHA256]
 */
public record Chat2DeskSettings(String operatorId, boolean serviceMessages, String externalChannelId,
    String webhookUrl, String signatureHeader, String signatureAlgorithm) {

  public static final String DEFAULT_SIGNATURE_HEADER = "X-Chat2Desk-Signature";
  public static final String DEFAULT_SIGNATURE_ALGORITHM = "HmacSHA256";

  /** The settings of {@code connections.v1}; throws {@link IllegalArgumentException} naming a wrong one. */
  public static Chat2DeskSettings of(Map<String, String> settings) {
    String operator = blankToNull(settings.get("operatorId"));
    if (operator != null && !operator.matches("\\d{1,18}")) {
      throw new IllegalArgumentException("the setting operatorId must be a Chat2Desk operator id (a number), got '"
          + operator + "'");
    }
    String service = blankToNull(settings.get("serviceMessages"));
    if (service != null && !service.equals("true") && !service.equals("false")) {
      throw new IllegalArgumentException("the setting serviceMessages must be true or false, got '" + service + "'");
    }
    String channel = blankToNull(settings.get("externalChannelId"));
    if (channel != null && !channel.matches("\\d{1,18}")) {
      throw new IllegalArgumentException("the setting externalChannelId must be a Chat2Desk channel id (a number), "
          + "got '" + channel + "'");
    }
    String url = blankToNull(settings.get("webhookUrl"));
    if (url != null && !url.matches("(?i)https?://\\S+")) {
      throw new IllegalArgumentException("the setting webhookUrl must be an http(s) URL, got '" + url + "'");
    }
    String header = blankToNull(settings.get("signatureHeader"));
    String algorithm = blankToNull(settings.get("signatureAlgorithm"));
    algorithm = algorithm == null ? DEFAULT_SIGNATURE_ALGORITHM : algorithm;
    try {
      Mac.getInstance(algorithm);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalArgumentException("the setting signatureAlgorithm is not an HMAC this runtime knows: '"
          + algorithm + "' (e.g. HmacSHA256, HmacSHA1, HmacSHA512)");
    }
    return new Chat2DeskSettings(operator, "true".equals(service), channel, url,
        header == null ? DEFAULT_SIGNATURE_HEADER : header, algorithm);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }
}
