package io.baton.connector.zendesk.sunco;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * One connection's way into Zendesk: its settings and the two credentials (the SunCo API key's secret, the Zendesk
 * API token), and the {@code Authorization} headers made from them. {@link #toString} shows no secret.
 */
public record SuncoAccount(String connection, SuncoSettings settings, String keySecret, String apiToken) {
  /** The secrets a {@code zendesk_sunco} connection must have, with what each is. */
  public static final Map<String, String> SECRETS =
      Map.of("keySecret", "Sunshine Conversations API key secret", "apiToken", "Zendesk API token");

  static SuncoAccount of(String connection, Map<String, String> settings, Map<String, String> secrets) {
    return new SuncoAccount(connection, SuncoSettings.of(settings), secrets.get("keySecret"), secrets.get("apiToken"));
  }

  /** {@code /v2/apps/<appId>}: where every app-scoped SunCo path starts. */
  public String app() {
    return "/v2/apps/" + settings.appId();
  }

  /** The SunCo API key as Basic credentials, or as an HS256 JWT of scope app with the key id as {@code kid}. */
  String suncoAuthorization() {
    if (settings.auth().equals("jwt")) {
      return "Bearer " + jwt(settings.keyId(), keySecret);
    }
    return "Basic " + Base64.getEncoder().encodeToString((settings.keyId() + ":" + keySecret)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Zendesk's API token auth: {@code <email>/token:<token>}. */
  String supportAuthorization() {
    return "Basic " + Base64.getEncoder().encodeToString((settings.email() + "/token:" + apiToken)
        .getBytes(StandardCharsets.UTF_8));
  }

  static String jwt(String keyId, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString("{\"scope\":\"app\"}".getBytes(StandardCharsets.UTF_8));
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      byte[] signature = mac.doFinal((header + "." + payload).getBytes(StandardCharsets.UTF_8));
      return header + "." + payload + "." + b64.encodeToString(signature);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public String toString() {
    return "SuncoAccount[" + connection + ", app " + settings.appId() + "]";
  }
}
