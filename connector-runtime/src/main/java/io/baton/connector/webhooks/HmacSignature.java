package io.baton.connector.webhooks;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The common shape of webhook signatures: an HMAC over the raw body (or over a platform-specific string such as
 * timestamp + body), hex or base64, in a header, maybe after a prefix like {@code sha256=}. Compared in constant time.
 */
public final class HmacSignature implements SignatureCheck {
  public enum Encoding { HEX, BASE64 }

  private final String algorithm;
  private final byte[] secret;
  private final String header;
  private final String prefix;
  private final Encoding encoding;
  private final Function<WebhookRequest, byte[]> signedContent;

  public HmacSignature(String algorithm, String secret, String header, String prefix, Encoding encoding,
      Function<WebhookRequest, byte[]> signedContent) {
    this.algorithm = algorithm;
    this.secret = secret.getBytes(StandardCharsets.UTF_8);
    this.header = header;
    this.prefix = prefix == null ? "" : prefix;
    this.encoding = encoding;
    this.signedContent = signedContent;
  }

  /** HMAC-SHA256 of the raw body, hex, in {@code header}, after {@code prefix}. */
  public static HmacSignature sha256Hex(String secret, String header, String prefix) {
    return new HmacSignature("HmacSHA256", secret, header, prefix, Encoding.HEX, WebhookRequest::body);
  }

  /** HMAC-SHA256 of the raw body, base64, in {@code header}. */
  public static HmacSignature sha256Base64(String secret, String header) {
    return new HmacSignature("HmacSHA256", secret, header, "", Encoding.BASE64, WebhookRequest::body);
  }

  public String sign(byte[] content) {
    try {
      Mac mac = Mac.getInstance(algorithm);
      mac.init(new SecretKeySpec(secret, algorithm));
      byte[] digest = mac.doFinal(content);
      return prefix + (encoding == Encoding.HEX ? HexFormat.of().formatHex(digest)
          : Base64.getEncoder().encodeToString(digest));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(algorithm + " is not available", e);
    }
  }

  @Override
  public boolean verify(WebhookRequest request) {
    String given = request.header(header).orElse(null);
    if (given == null || secret.length == 0) {
      return false; // an empty key is none (the JDK refuses it), so nothing is proven
    }
    String expected = sign(signedContent.apply(request));
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.trim().getBytes(StandardCharsets.UTF_8));
  }
}
