package io.baton.connector.dixa;

import io.baton.connector.webhooks.SignatureCheck;
import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dixa's webhook signature: {@code X-DIXA-SIGNATURE: t=<unix seconds>,v1=<hex>}, HMAC-SHA256 over
 * {@code "<t>.<raw body>"} keyed with the hex-decoded secret key of the connection's subscription (the last path
 * segment says which connection). A timestamp further than {@code maxAge} from now is refused, so a captured request
 * cannot be replayed later; within that window the event id deduplication makes a replay harmless.
 */
final class DixaSignature implements SignatureCheck {
  static final String HEADER = "X-DIXA-SIGNATURE";

  private final Map<String, byte[]> secrets = new ConcurrentHashMap<>();
  private final Duration maxAge;
  private final Clock clock;

  DixaSignature(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  void secret(String connection, String secretKeyHex) {
    secrets.put(connection, HexFormat.of().parseHex(secretKeyHex));
  }

  boolean knows(String connection) {
    return secrets.containsKey(connection);
  }

  static String sign(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public boolean verify(WebhookRequest request) {
    byte[] key = secrets.get(request.path());
    String header = request.header(HEADER).orElse(null);
    if (key == null || header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("t=")) {
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null || Math.abs(clock.instant().getEpochSecond() - t) > maxAge.toSeconds()) {
      return false;
    }
    return MessageDigest.isEqual(sign(key, t, request.body()).getBytes(StandardCharsets.UTF_8),
        v1.getBytes(StandardCharsets.UTF_8));
  }
}
