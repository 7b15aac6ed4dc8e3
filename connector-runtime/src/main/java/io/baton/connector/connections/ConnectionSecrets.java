package io.baton.connector.connections;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.Base64;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Opens the secrets of {@code connections.v1} records as the ingress seals them (its {@code SecretBox}): a JSON
 * object, AES-GCM, {@code 0x01 | 12-byte nonce | ciphertext+tag}, the tenant and connection id as associated data.
 * The key is the ingress's {@code BATON_INGRESS_SECRETS_KEY} (base64), given to the connectors that need secrets.
 */
public final class ConnectionSecrets {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private static final ObjectMapper JSON = new ObjectMapper();
  private final SecretKeySpec key;

  public ConnectionSecrets(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  /** The key from {@code BATON_INGRESS_SECRETS_KEY}; empty when it is not set (secrets then come from elsewhere). */
  public static Optional<ConnectionSecrets> fromEnv(Map<String, String> env) {
    String raw = env.get("BATON_INGRESS_SECRETS_KEY");
    if (raw == null || raw.isBlank()) {
      return Optional.empty();
    }
    try {
      return Optional.of(new ConnectionSecrets(Base64.getDecoder().decode(raw.trim())));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("BATON_INGRESS_SECRETS_KEY must be base64");
    }
  }

  /** Seals secrets the way the ingress does (tests, tools): {@code open} with the same key gives them back. */
  public byte[] seal(String tenant, String connectionId, Map<String, String> secrets) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      new java.security.SecureRandom().nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD((tenant + "/" + connectionId).getBytes(StandardCharsets.UTF_8));
      byte[] sealed = c.doFinal(JSON.writeValueAsBytes(new TreeMap<>(secrets)));
      return java.nio.ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not encrypt connection secrets", e);
    }
  }

  /** Throws IllegalStateException, never with the content, when the bytes were not sealed with this key for it. */
  public Map<String, String> open(String tenant, String connectionId, byte[] sealed) {
    if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != VERSION) {
      throw new IllegalStateException("connection " + connectionId + ": secrets in an unknown format");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, NONCE_BYTES));
      c.updateAAD((tenant + "/" + connectionId).getBytes(StandardCharsets.UTF_8));
      byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      return JSON.readValue(plain, new TypeReference<TreeMap<String, String>>() {});
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("connection " + connectionId + ": secrets do not decrypt with this key");
    }
  }
}
