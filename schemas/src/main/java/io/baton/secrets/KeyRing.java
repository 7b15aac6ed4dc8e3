package io.baton.secrets;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.IntPredicate;
import java.util.regex.Pattern;

/**
 * Named keys for one purpose (sealing connection secrets, signing widget tokens), so a key can be rotated without
 * downtime: the first key seals or signs, every key opens or verifies, and what is sealed or signed names its key by
 * id. What was sealed or signed before key ids existed is read as the key {@value #LEGACY}'s, and the key
 * {@value #LEGACY} seals and signs in that format still, so instances not yet upgraded keep reading it.
 *
 * <p>From the environment: {@code <list variable>=k2:<base64>,k1:<base64>}, or the single-key variable of before
 * (read as {@code legacy}). Errors name the variable and never show a key.
 */
public final class KeyRing {
  /** The id of the key of what carries no key id: what the single-key variable configures. */
  public static final String LEGACY = "legacy";
  /** Key ids: short, and free of the separators of the list and of the formats that carry them. */
  public static final Pattern ID = Pattern.compile("[A-Za-z0-9_-]{1,32}");

  /** What a key of this ring must be: its lengths in bytes, said in words for errors. */
  public record Rule(IntPredicate validLength, String lengths) {}

  /** How the single-key variable of before spells its key. */
  public enum LegacyEncoding {
    BASE64, UTF8
  }

  private final Map<String, byte[]> keys;
  private final String current;

  private KeyRing(Map<String, byte[]> keys) {
    this.keys = keys;
    this.current = keys.keySet().iterator().next();
  }

  /** A ring of one key with id {@link #LEGACY}: what a single-key configuration means. */
  public static KeyRing legacy(byte[] key) {
    return of(List.of(Map.entry(LEGACY, key)));
  }

  /** The keys in order (the first seals or signs); ids must be unique and valid. */
  public static KeyRing of(List<Map.Entry<String, byte[]>> keys) {
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("a key ring needs at least one key");
    }
    Map<String, byte[]> map = new LinkedHashMap<>();
    for (Map.Entry<String, byte[]> k : keys) {
      if (!ID.matcher(k.getKey()).matches()) {
        throw new IllegalArgumentException("key id '" + k.getKey() + "' must match " + ID.pattern());
      }
      if (map.put(k.getKey(), k.getValue().clone()) != null) {
        throw new IllegalArgumentException("key id " + k.getKey() + " appears twice");
      }
    }
    return new KeyRing(map);
  }

  /**
   * The ring configured by {@code listVariable} ({@code id:base64,...}) or else by {@code legacyVariable}; empty when
   * neither is set. Throws IllegalArgumentException naming the variable when both are set, the list is empty, an
   * entry is not {@code id:base64}, an id repeats, or a key breaks {@code rule}.
   */
  public static Optional<KeyRing> fromEnv(Map<String, String> env, String listVariable, String legacyVariable,
      LegacyEncoding legacyEncoding, Rule rule) {
    String list = env.get(listVariable);
    String single = env.get(legacyVariable);
    boolean hasList = list != null && !list.isBlank();
    boolean hasSingle = single != null && !single.isBlank();
    if (hasList && hasSingle) {
      throw new IllegalArgumentException("set " + listVariable + " or " + legacyVariable + ", not both (name the key "
          + "of " + legacyVariable + " '" + LEGACY + "' in " + listVariable + ")");
    }
    if (hasSingle) {
      byte[] key = legacyEncoding == LegacyEncoding.UTF8 ? single.trim().getBytes(StandardCharsets.UTF_8)
          : base64(legacyVariable, single.trim());
      check(legacyVariable, null, key, rule);
      return Optional.of(legacy(key));
    }
    if (!hasList) { // set but empty, as compose files leave variables: unset
      return Optional.empty();
    }
    if (list.replace(",", "").isBlank()) {
      throw new IllegalArgumentException(listVariable + " is set but holds no key; give id:base64 entries separated "
          + "by commas, or unset it");
    }
    List<Map.Entry<String, byte[]>> keys = new ArrayList<>();
    Map<String, Boolean> seen = new LinkedHashMap<>();
    for (String entry : list.split(",")) {
      if (entry.isBlank()) {
        continue;
      }
      int colon = entry.indexOf(':');
      String id = colon < 0 ? "" : entry.substring(0, colon).trim();
      if (colon <= 0 || !ID.matcher(id).matches()) {
        // the entry is not quoted: it may hold a key
        throw new IllegalArgumentException(listVariable + " must be id:base64 entries separated by commas, each id "
            + "matching " + ID.pattern());
      }
      if (seen.put(id, true) != null) {
        throw new IllegalArgumentException(listVariable + " names key id " + id + " twice");
      }
      byte[] key = base64(listVariable + " (key " + id + ")", entry.substring(colon + 1).trim());
      check(listVariable, id, key, rule);
      keys.add(Map.entry(id, key));
    }
    return Optional.of(of(keys));
  }

  /** The id of the key that seals or signs. */
  public String currentId() {
    return current;
  }

  /** The key that seals or signs (a copy). */
  public byte[] current() {
    return keys.get(current).clone();
  }

  /** The key with this id (a copy), if the ring holds it. */
  public Optional<byte[]> key(String id) {
    byte[] k = keys.get(id);
    return k == null ? Optional.empty() : Optional.of(k.clone());
  }

  /** Every id, the current one first. */
  public List<String> ids() {
    return List.copyOf(keys.keySet());
  }

  /** Names the ids only: a ring may be logged. */
  @Override
  public String toString() {
    return "KeyRing" + ids();
  }

  private static byte[] base64(String where, String value) {
    try {
      return Base64.getDecoder().decode(value);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(where + " must be base64");
    }
  }

  private static void check(String variable, String id, byte[] key, Rule rule) {
    if (!rule.validLength().test(key.length)) {
      throw new IllegalArgumentException(variable + (id == null ? "" : " (key " + id + ")") + " must be "
          + rule.lengths() + ", got " + key.length + " bytes");
    }
  }
}
