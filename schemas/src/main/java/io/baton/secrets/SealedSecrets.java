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
import java.util.LinkedHashMap;
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
 * does not decrypt. Used for the {@code encryptedSecrets} of {@code connections.v1} and, with
 * {@code tenant + "/webhook"} as associated data, for the signing secret of a bot webhook in {@code webhooks.v1}.
 *
 * <p>Keys rotate ({@link KeyRing}): a key other than {@link KeyRing#LEGACY} seals as
 * {@code 0x02 | id length | key id (ASCII) | 12-byte nonce | ciphertext+tag}, so the blob names its key; the legacy
 * key seals version 1 as before, and version 1 opens with it. The keys are {@code BATON_INGRESS_SECRETS_KEYS}
 * ({@code id:base64,...}, the first seals) or {@code BATON_INGRESS_SECRETS_KEY} (one base64 key, id
 * {@code legacy}); AES keys of 16, 24 or 32 bytes.
 */
public final class SealedSecrets {
  /** The environment variable holding the single (legacy) key, base64. */
  public static final String KEY_VARIABLE = "BATON_INGRESS_SECRETS_KEY";
  /** The environment variable holding the keys, {@code id:base64,...}, the first sealing. */
  public static final String KEYS_VARIABLE = "BATON_INGRESS_SECRETS_KEYS";
  /** AES: 16, 24 or 32 bytes. */
  public static final KeyRing.Rule KEY_RULE = new KeyRing.Rule(n -> n == 16 || n == 24 || n == 32,
      "a base64 AES key of 16, 24 or 32 bytes");
  private static final byte LEGACY_VERSION = 1;
  private static final byte KEY_ID_VERSION = 2;
  private static final int NONCE_BYTES = 12;
  private static final int TAG_BITS = 128;
  private static final String WEBHOOK = "webhook";
  private static final String WEBHOOK_SECRET_NAME = "signingSecret";
  private static final ObjectMapper JSON = JsonMapper.builder()
      .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
      .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
      .build();
  private final Map<String, SecretKeySpec> keys = new LinkedHashMap<>();
  private final String sealingId;
  private final SecureRandom random = new SecureRandom();

  /** @param key AES key, 16, 24 or 32 bytes: the single key of before (id {@link KeyRing#LEGACY}) */
  public SealedSecrets(byte[] key) {
    this(KeyRing.legacy(key == null ? new byte[0] : key));
  }

  /** @param ring AES keys, 16, 24 or 32 bytes each; the first seals */
  public SealedSecrets(KeyRing ring) {
    for (String id : ring.ids()) {
      byte[] key = ring.key(id).orElseThrow();
      if (!KEY_RULE.validLength().test(key.length)) {
        throw new IllegalArgumentException("secrets key " + id + " must be 16, 24 or 32 bytes, got " + key.length);
      }
      keys.put(id, new SecretKeySpec(key, "AES"));
    }
    this.sealingId = ring.currentId();
  }

  /**
   * The keys from {@code BATON_INGRESS_SECRETS_KEYS} or {@code BATON_INGRESS_SECRETS_KEY}; empty when neither is set
   * (secrets then cannot be sealed or come from elsewhere). Throws IllegalArgumentException naming the variable when
   * a key is not base64 or not 16, 24 or 32 bytes, an id repeats, the list is empty, or both are set.
   */
  public static Optional<SealedSecrets> fromEnv(Map<String, String> env) {
    return KeyRing.fromEnv(env, KEYS_VARIABLE, KEY_VARIABLE, KeyRing.LegacyEncoding.BASE64, KEY_RULE)
        .map(SealedSecrets::new);
  }

  /** The id of the key new seals use. */
  public String sealingKeyId() {
    return sealingId;
  }

  /**
   * The id of the key {@code sealed} names ({@link KeyRing#LEGACY} for version 1), whether or not this instance holds
   * it; empty when the bytes are in no known format.
   */
  public static Optional<String> keyIdOf(byte[] sealed) {
    if (sealed.length > 0 && sealed[0] == LEGACY_VERSION) {
      return Optional.of(KeyRing.LEGACY);
    }
    if (sealed.length < 2 || sealed[0] != KEY_ID_VERSION || sealed[1] < 1 || sealed.length < 2 + sealed[1]) {
      return Optional.empty();
    }
    String id = new String(sealed, 2, sealed[1], StandardCharsets.US_ASCII);
    return KeyRing.ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
  }

  /** Seals a connection's secrets; {@link #open} with the same key, tenant and connection id gives them back. */
  public byte[] seal(String tenant, String connectionId, Map<String, String> secrets) {
    try {
      byte[] nonce = new byte[NONCE_BYTES];
      random.nextBytes(nonce);
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.ENCRYPT_MODE, keys.get(sealingId), new GCMParameterSpec(TAG_BITS, nonce));
      c.updateAAD(associatedData(tenant, connectionId));
      byte[] sealed = c.doFinal(JSON.writeValueAsBytes(new TreeMap<>(secrets)));
      byte[] header = header(sealingId);
      return ByteBuffer.allocate(header.length + NONCE_BYTES + sealed.length).put(header).put(nonce).put(sealed)
          .array();
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
    String id = keyIdOf(sealed).orElse(null);
    int start = id == null ? 0 : header(id).length;
    if (id == null || sealed.length < start + NONCE_BYTES + TAG_BITS / 8) {
      throw new IllegalStateException(what + ": secrets in an unknown format");
    }
    SecretKeySpec key = keys.get(id);
    if (key == null) {
      throw new IllegalStateException(what + ": secrets sealed with key " + id + ", which is not among this "
          + "service's secrets keys " + keys.keySet() + " (" + KEYS_VARIABLE + ")");
    }
    try {
      Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
      c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, start, NONCE_BYTES));
      c.updateAAD(associatedData(tenant, connectionId));
      byte[] plain = c.doFinal(sealed, start + NONCE_BYTES, sealed.length - start - NONCE_BYTES);
      return JSON.readValue(plain, new TypeReference<TreeMap<String, String>>() {});
    } catch (GeneralSecurityException | IOException e) {
      throw new IllegalStateException(what + ": secrets do not decrypt with key " + id);
    }
  }

  /** What precedes the nonce: the version, and for version 2 the key id. */
  private static byte[] header(String keyId) {
    if (KeyRing.LEGACY.equals(keyId)) {
      return new byte[] {LEGACY_VERSION};
    }
    byte[] id = keyId.getBytes(StandardCharsets.US_ASCII);
    return ByteBuffer.allocate(2 + id.length).put(KEY_ID_VERSION).put((byte) id.length).put(id).array();
  }

  private static byte[] associatedData(String tenant, String connectionId) {
    return (tenant + "/" + connectionId).getBytes(StandardCharsets.UTF_8);
  }
}
