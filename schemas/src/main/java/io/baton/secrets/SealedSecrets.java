package io.baton.secrets;

import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Secrets at rest, the one format shared by the ingress (which seals them) and the connectors (which open them): a
 * JSON object of string secrets, AES-GCM encrypted as {@code 0x01 | 12-byte nonce | ciphertext+tag}, with
 * {@code tenant + "/" + connectionId} as associated data, so a ciphertext copied onto another connection or tenant
 * does not decrypt. The version byte leaves room for key rotation. Used for the {@code encryptedSecrets} of
 * {@code connections.v1} and, with {@code tenant + "/webhook"} as associated data, for the signing secret of a bot
 * webhook in {@code webhooks.v1}. The key is {@code BATON_INGRESS_SECRETS_KEY} (base64, 16, 24 or 32 bytes).
 */
public final class SealedSecrets {
  /** The environment variable holding the key (base64). */
  public static final String KEY_VARIABLE = "BATON_INGRESS_SECRETS_KEY";
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String WEBHOOK = "webhook";
  private static final String WEBHOOK_SECRET_NAME = "signingSecret";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  /** @param key AES key, 16, 24 or 32 bytes */
  public SealedSecrets(byte[] key) {
    if (key == null || key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException(
          "the secrets key must be 16, 24 or 32 bytes, got " + (key == null ? "none" : key.length));
    }
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /**
   * The key from {@code BATON_INGRESS_SECRETS_KEY}; empty when it is not set (secrets then cannot be sealed or come
   * from elsewhere). Throws IllegalArgumentException naming the variable when it is not base64 or not 16, 24 or 32
   * bytes.
   */
  public static Optional<SealedSecrets> fromEnv(Map<String, String> env) {
    String raw = env.get(KEY_VARIABLE);
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    byte[] key;
    try {
      key = Base64.getDecoder().decode(raw.trim());
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(KEY_VARIABLE + " must be base64");
    }
    if (key.length != 16 && key.length != 24 && key.length != 32) {
      throw new IllegalArgumentException(
          KEY_VARIABLE + " must be a base64 AES key of 16, 24 or 32 bytes, got " + key.length);
    }
    return Optional.of(new SealedSecrets(key));
  }

  /** Seals a connection's secrets; {@link #open} with the same key, tenant and connection id gives them back. */
  public byte[] seal(String tenant, String connectionId, Map<String, String> secrets) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData(tenant, connectionId));
      byte[] sealed = c.doFinal(JSON.writeValueAsBytes(new TreeMap<>(secrets)));
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not encrypt connection secrets", e);
    }
  }

  /**
   * A connection's secrets. Throws IllegalStateException, never with the content, when the bytes are in an unknown
   * format or were not sealed with this key for this tenant and connection.
   */
  public Map<String, String> open(String tenant, String connectionId, byte[] sealed) {
    return open(tenant, connectionId, sealed, "connection " + connectionId);
  }

  /** Seals the signing secret of a tenant's bot webhook (associated data {@code tenant + "/webhook"}). */
  public byte[] sealWebhookSecret(String tenant, String signingSecret) {
    return seal(tenant, WEBHOOK, Map.of(WEBHOOK_SECRET_NAME, signingSecret));
  }

  /**
   * The signing secret of a tenant's bot webhook, as {@link #sealWebhookSecret} sealed it. Throws
   * IllegalStateException, never with the content, when it does not open.
   */
  public String openWebhookSecret(String tenant, byte[] sealed) {
    String secret = open(tenant, WEBHOOK, sealed, "webhook of tenant " + tenant).get(WEBHOOK_SECRET_NAME);
    if (secret == null) {
      throw new IllegalStateException("webhook of tenant " + tenant + ": no signing secret in its secrets");
    }
    return secret;
  }

  private Map<String, String> open(String tenant, String connectionId, byte[] sealed, String what) {
    if (sealed.length < 1 + NONCE_BYTES + TAG_BITS / 8 || sealed[0] != VERSION) {
      throw new IllegalStateException(what + ": secrets in an unknown format");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 1, NONCE_BYTES));
      c.updateAAD(associatedData(tenant, connectionId));
      byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      return JSON.readValue(plain, new TypeReference<TreeMap<String, String>>() {});
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(what + ": secrets do not decrypt with this key");
    }
  }

  private static byte[] associatedData(String tenant, String connectionId) {
    return (tenant + "/" + connectionId).getBytes(StandardCharsets.UTF_8);
  }
}
