package io.baton.sandbox.kit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** The HMACs simulators sign webhooks and tokens with; each simulator encodes the result its platform's way. */
public final class Hmac {
  private Hmac() {}

  /** The MAC of {@code content} under {@code key}, by its JCA name ({@code HmacSHA256}, ...). */
  public static byte[] of(String algorithm, byte[] key, byte[] content) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(key, algorithm));
      return mac.doFinal(content);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign with " + algorithm, e);
    }
  }

  /** The MAC under a text secret (its UTF-8 bytes). */
  public static byte[] of(String algorithm, String secret, byte[] content) {
    return of(algorithm, secret.getBytes(StandardCharsets.UTF_8), content);
  }

  /** The lowercase hex MAC of a raw body under a text secret (Kustomer's and Chat2Desk's webhook signature). */
  public static String hex(String algorithm, String secret, byte[] body) {
    return HexFormat.of().formatHex(of(algorithm, secret, body));
  }
}
