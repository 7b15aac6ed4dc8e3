package io.baton.ingress.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.http.Json;
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
 * Short-lived widget tokens: {@code wt1.<base64url payload>.<base64url HMAC-SHA256>}, the payload
 * {@code {"t": tenant, "c": conversationId, "exp": epoch seconds}}. Stateless, so any instance with the same secret
 * accepts them; a token cannot be revoked before it expires, which is why it is short-lived and scoped to one
 * conversation.
 */
public final class WidgetTokens {
  private static final String PREFIX = "wt1.";
  private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();
  private final byte[] secret;

  public WidgetTokens(byte[] secret) {
    this.secret = secret.clone();
  }

  public String mint(ConversationKey scope, Instant expiresAt) {
    ObjectNode payload = Json.object();
    payload.put("t", scope.tenant());
    payload.put("c", scope.conversationId());
    payload.put("exp", expiresAt.getEpochSecond());
    String body = B64.encodeToString(Json.write(payload).getBytes(StandardCharsets.UTF_8));
    return PREFIX + body + "." + B64.encodeToString(sign(body));
  }

  public static boolean looksLikeToken(String credential) {
    return credential.startsWith(PREFIX);
  }

  /** The conversation the token is for, if it is intact and not expired at {@code now}. */
  public Optional<ConversationKey> verify(String token, Instant now) {
    if (!looksLikeToken(token) || token.length() > 2048) {
      return Optional.empty();
    }
    String rest = token.substring(PREFIX.length());
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
    if (!MessageDigest.isEqual(sign(body), signature)) {
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

  private byte[] sign(String body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret, "HmacSHA256"));
      return mac.doFinal(body.getBytes(StandardCharsets.US_ASCII));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }
}
