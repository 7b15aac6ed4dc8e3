package io.baton.sandbox.sunco;

import io.baton.sandbox.kit.Hmac;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Map;

/**
 * SunCo's two ways in with an app-scope API key: Basic (key id as user, secret as password) and a JWT HS256 signed
 * with the key's secret, its header naming the key ({@code kid}) and its payload {@code {"scope":"app"}}. Unsigned
 * ({@code alg:none}) or wrongly signed tokens, unknown keys and other scopes are 401 {@code unauthorized}. Nothing
 * here logs or returns a secret.
 */
final class SuncoAuth {
  private final Map<String, String> secretsByKeyId;

  SuncoAuth(Map<String, String> secretsByKeyId) {
    this.secretsByKeyId = Map.copyOf(secretsByKeyId);
  }

  /** The key id an {@code Authorization} header authenticates with; 401 otherwise. */
  String keyIdOf(String authorization) {
    if (authorization == null) {
      throw SuncoError.unauthorized();
    }
    if (authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return basic(authorization.substring(6).trim());
    }
    if (authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return jwt(authorization.substring(7).trim());
    }
    throw SuncoError.unauthorized();
  }

  private String basic(String encoded) {
    String pair;
    try {
      pair = new String(Base64.getDecoder().decode(encoded), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw SuncoError.unauthorized();
    }
    int colon = pair.indexOf(':');
    if (colon < 0) {
      throw SuncoError.unauthorized();
    }
    String keyId = pair.substring(0, colon);
    String secret = secretsByKeyId.get(keyId);
    if (secret == null || !constantTimeEquals(secret, pair.substring(colon + 1))) {
      throw SuncoError.unauthorized();
    }
    return keyId;
  }

  private String jwt(String token) {
    String[] parts = token.split("\\.", -1);
    if (parts.length != 3 || parts[2].isEmpty()) {
      throw SuncoError.unauthorized();
    }
    JsonNode header = decode(parts[0]);
    JsonNode payload = decode(parts[1]);
    if (!"HS256".equals(header.path("alg").asText()) || !header.path("kid").isTextual()) {
      throw SuncoError.unauthorized();
    }
    String keyId = header.get("kid").asText();
    String secret = secretsByKeyId.get(keyId);
    if (secret == null) {
      throw SuncoError.unauthorized();
    }
    String expected = sign(parts[0] + "." + parts[1], secret);
    if (!constantTimeEquals(expected, parts[2]) || !"app".equals(payload.path("scope").asText())) {
      throw SuncoError.unauthorized();
    }
    return keyId;
  }

  /** An HS256 JWT as SunCo's docs describe it, for tests and the local stack. */
  static String appJwt(String keyId, String secret) {
    Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
    String header = b64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + keyId + "\"}")
        .getBytes(StandardCharsets.UTF_8));
    String payload = b64.encodeToString("{\"scope\":\"app\"}".getBytes(StandardCharsets.UTF_8));
    return header + "." + payload + "." + sign(header + "." + payload, secret);
  }

  private static JsonNode decode(String part) {
    try {
      JsonNode node = SuncoJson.MAPPER.readTree(Base64.getUrlDecoder().decode(part));
      if (node == null || !node.isObject()) {
        throw SuncoError.unauthorized();
      }
      return node;
    } catch (IllegalArgumentException | java.io.IOException e) {
      throw SuncoError.unauthorized();
    }
  }

  private static String sign(String content, String secret) {
    return Base64.getUrlEncoder().withoutPadding()
        .encodeToString(Hmac.of("HmacSHA256", secret, content.getBytes(StandardCharsets.UTF_8)));
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
