package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.baton.sandbox.kit.Hs256Jwt;
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
    Hs256Jwt.Verified verified = Hs256Jwt.verify(token, header -> {
      String secret = header.path("kid").isTextual() ? secretsByKeyId.get(header.get("kid").asText()) : null;
      return secret == null ? null : secret.getBytes(StandardCharsets.UTF_8);
    }).orElseThrow(SuncoError::unauthorized);
    if (!"app".equals(verified.claims().path("scope").asText())) {
      throw SuncoError.unauthorized();
    }
    return verified.header().get("kid").asText();
  }

  /** An HS256 JWT as SunCo's docs describe it, for tests and the local stack. */
  static String appJwt(String keyId, String secret) {
    return Hs256Jwt.sign(JsonNodeFactory.instance.objectNode().put("scope", "app"),
        secret.getBytes(StandardCharsets.UTF_8), keyId);
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(a.getBytes(StandardCharsets.UTF_8), b.getBytes(StandardCharsets.UTF_8));
  }
}
