package io.baton.ingress.connection;

import com.fasterxml.jackson.core.type.TypeReference;
import io.baton.ingress.http.Json;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.TreeMap;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Connection secrets at rest: the JSON object of secrets, AES-GCM encrypted as {@code 0x01 | 12-byte nonce |
 * ciphertext+tag}, with the tenant and connection id as associated data, so a ciphertext copied onto another
 * connection does not decrypt. The version byte leaves room for key rotation.
 */
public final class SecretBox {
  private static final byte VERSION = 1;
  private static final int NONCE_BYTES = 12;
  private final SecretKeySpec key;
  private final SecureRandom random = new SecureRandom();

  public SecretBox(byte[] key) {
    this.key = new SecretKeySpec(key.clone(), "AES");
  }

  public byte[] seal(String tenant, String connectionId, Map<String, String> secrets) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(128, nonce));
      c.updateAAD(aad(tenant, connectionId));
      byte[] sealed = c.doFinal(Json.MAPPER.writeValueAsBytes(new TreeMap<>(secrets)));
      return ByteBuffer.allocate(1 + NONCE_BYTES + sealed.length).put(VERSION).put(nonce).put(sealed).array();
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("could not encrypt connection secrets", e);
    }
  }

  /** Throws IllegalStateException (never with the content) when the bytes were not sealed with this key for it. */
  public Map<String, String> open(String tenant, String connectionId, byte[] sealed) {
    if (sealed.length < 1 + NONCE_BYTES + 16 || sealed[0] != VERSION) {
      throw new IllegalStateException("connection " + connectionId + ": secrets in an unknown format");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, sealed, 1, NONCE_BYTES));
      c.updateAAD(aad(tenant, connectionId));
      byte[] plain = c.doFinal(sealed, 1 + NONCE_BYTES, sealed.length - 1 - NONCE_BYTES);
      return Json.MAPPER.readValue(plain, new TypeReference<TreeMap<String, String>>() {});
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException("connection " + connectionId + ": secrets do not decrypt with this key");
    }
  }

  private static byte[] aad(String tenant, String connectionId) {
    return (tenant + "/" + connectionId).getBytes(StandardCharsets.UTF_8);
  }
}
