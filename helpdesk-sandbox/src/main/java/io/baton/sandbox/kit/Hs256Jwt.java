package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Function;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** Compact HS256 JSON Web Tokens (RFC 7519) for simulators that hand out or check signed tokens. */
public final class Hs256Jwt {
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private static final String HEADER = B64.encodeToString("{\"alg\":\"HS256\",\"typ\":\"JWT\"}"
      .getBytes(StandardCharsets.UTF_8));

  /** A verified token: its header (e.g. the {@code kid} that chose the key) and its claims. */
  public record Verified(ObjectNode header, ObjectNode claims) {}

  private Hs256Jwt() {
  }

  /** {@code header.payload.signature} for these claims. */
  public static String sign(ObjectNode claims, byte[] secret) {
    return sign(HEADER, claims, secret);
  }

  /** {@code header.payload.signature} for these claims, the header naming the key ({@code kid}). */
  public static String sign(ObjectNode claims, byte[] secret, String keyId) {
    ObjectNode header = JsonNodeFactory.instance.objectNode().put("alg", "HS256").put("typ", "JWT").put("kid", keyId);
    return sign(B64.encodeToString(KitJson.write(header).getBytes(StandardCharsets.UTF_8)), claims, secret);
  }

  private static String sign(String header, ObjectNode claims, byte[] secret) {
    String payload = B64.encodeToString(KitJson.write(claims).getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + signature(header + "." + payload, secret);
  }

  /** The claims of a token signed with {@code secret} (HS256); empty when it is malformed or the signature fails. */
  public static Optional<ObjectNode> verify(String token, byte[] secret) {
    return verify(token, header -> secret).map(Verified::claims);
  }

  /**
   * A token signed (HS256) with the secret its header picks ({@code secretOf} answers null for no such key); empty
   * when it is malformed, the key is unknown or the signature fails.
   */
  public static Optional<Verified> verify(String token, Function<ObjectNode, byte[]> secretOf) {
    String[] parts = token == null ? new String[0] : token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      return Optional.empty();
    }
    JsonNode header = decode(parts[0]);
    JsonNode claims = decode(parts[1]);
    if (header == null || claims == null || !"HS256".equals(header.path("alg").asText())) {
      return Optional.empty();
    }
    byte[] secret = secretOf.apply((ObjectNode) header);
    if (secret == null) {
      return Optional.empty();
    }
    byte[] expected = signature(parts[0] + "." + parts[1], secret).getBytes(StandardCharsets.US_ASCII);
    if (!MessageDigest.isEqual(expected, parts[2].getBytes(StandardCharsets.US_ASCII))) {
      return Optional.empty();
    }
    return Optional.of(new Verified((ObjectNode) header, (ObjectNode) claims));
  }

  private static JsonNode decode(String part) {
    try {
      JsonNode node = KitJson.readOrNull(new String(Base64.getUrlDecoder().decode(part), StandardCharsets.UTF_8));
      return node != null && node.isObject() ? node : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  private static String signature(String content, byte[] secret) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return B64.encodeToString(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
