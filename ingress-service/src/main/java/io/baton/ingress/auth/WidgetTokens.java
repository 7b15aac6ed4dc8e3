package io.baton.ingress.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.http.Json;
import io.baton.secrets.KeyRing;
import io.baton.topics.ConversationKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.Base64;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Short-lived widget tokens: {@code wt2.<key id>.<base64url payload>.<base64url HMAC-SHA256 of "<key id>.<payload>">},
 * the payload {@code {"t": tenant, "c": conversationId, "exp": epoch seconds}}; the key {@link KeyRing#LEGACY} signs
 * {@code wt1.<payload>.<signature>} as before key ids, so instances not yet upgraded accept its tokens. Stateless, so
 * any instance with the same keys accepts them; a token cannot be revoked before it expires (or its key is dropped),
 * which is why it is short-lived and scoped to one conversation.
 */
public final class WidgetTokens {
  private static final String LEGACY_PREFIX = "wt1.";
  private static final String PREFIX = "wt2.";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final KeyRing keys;

  /** A single secret of before: the key {@link KeyRing#LEGACY}. */
  public WidgetTokens(byte[] secret) {
    this(KeyRing.legacy(secret));
  }

  /** The first key signs, every key verifies. */
  public WidgetTokens(KeyRing keys) {
    this.keys = keys;
  }

  public String mint(ConversationKey scope, Instant expiresAt) {
    ObjectNode payload = Json.object();
    payload.put("t", scope.tenant());
    payload.put("c", scope.conversationId());
    payload.put("exp", expiresAt.getEpochSecond());
    String body = B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
    String kid = keys.currentId();
    if (KeyRing.LEGACY.equals(kid)) {
      return LEGACY_PREFIX + body + "." + B64.encodeToString(sign(keys.current(), body));
    }
    return PREFIX + kid + "." + body + "." + B64.encodeToString(sign(keys.current(), kid + "." + body));
  }

  public static boolean looksLikeToken(String credential) {
    return credential.startsWith(LEGACY_PREFIX) || credential.startsWith(PREFIX);
  }

  /**
   * The id of the key a token names when this instance does not hold it (the key was dropped, or is not configured
   * here yet): the token is refused for that reason, not as forged.
   */
  public Optional<String> unheldKeyId(String token) {
    String kid = keyIdOf(token);
    return kid != null && keys.key(kid).isEmpty() ? Optional.of(kid) : Optional.empty();
  }

  /** The conversation the token is for, if it is intact, signed by a key held and not expired at {@code now}. */
  public Optional<ConversationKey> verify(String token, Instant now) {
    String kid = token.length() > 2048 ? null : keyIdOf(token);
    byte[] key = kid == null ? null : keys.key(kid).orElse(null);
    if (key == null) {
      return Optional.empty();
    }
    boolean legacy = KeyRing.LEGACY.equals(kid);
    String rest = token.substring(legacy ? LEGACY_PREFIX.length() : PREFIX.length() + kid.length() + 1);
    int dot = rest.indexOf('.');
    if (dot < 0) {
      return Optional.empty();
    }
    String body = rest.substring(0, dot);
    byte[] signature;
    byte[] payload;
    try {
      signature = Base64.getUrlDecoder().decode(rest.substring(dot + 1));
      payload = Base64.getUrlDecoder().decode(body);
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    if (!MessageDigest.isEqual(sign(key, legacy ? body : kid + "." + body), signature)) {
      return Optional.empty();
    }
    try {
      JsonNode p = Json.MAPPER.readTree(payload);
      String tenant = p.path("t").asText(null);
      String conversation = p.path("c").asText(null);
      long exp = p.path("exp").asLong(0);
      if (!ConversationKey.isValidPart(tenant) || !ConversationKey.isValidPart(conversation)
          || now.getEpochSecond() >= exp) {
        return Optional.empty();
      }
      return Optional.of(new ConversationKey(tenant, conversation));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }

  /** {@link KeyRing#LEGACY} for {@code wt1.}, the id of {@code wt2.<id>.}, or null when neither. */
  private static String keyIdOf(String token) {
    if (token.startsWith(LEGACY_PREFIX)) {
      return KeyRing.LEGACY;
    }
    int dot = token.indexOf('.', PREFIX.length());
    if (!token.startsWith(PREFIX) || dot < 0) {
      return null;
    }
    String kid = token.substring(PREFIX.length(), dot);
    return KeyRing.ID.matcher(kid).matches() && !KeyRing.LEGACY.equals(kid) ? kid : null;
  }

  private static byte[] sign(byte[] key, String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
