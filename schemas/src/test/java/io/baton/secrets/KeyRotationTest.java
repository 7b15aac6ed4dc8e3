package io.baton.secrets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Rotating the secrets key: k1 seals, k2 joins, k2 seals, k1 goes; what each step still opens. */
class KeyRotationTest {
  private static final String K1 = "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="; // the local stack's dev key
  private static final String K2 = "MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY=";
  private static final Map<String, String> SECRETS = Map.of("token", "s3cret-token");

  @Test
  void rotationKeepsEverythingOpenUntilTheOldKeyGoes() {
    SealedSecrets single = open(Map.of("BATON_INGRESS_SECRETS_KEY", K1));
    byte[] legacy = single.seal("acme", "c1", SECRETS);
    assertEquals(1, legacy[0], "the single key of before still seals the kid-less format old readers know");
    assertEquals(Optional.of("legacy"), SealedSecrets.keyIdOf(legacy));

    SealedSecrets added = open(Map.of("BATON_INGRESS_SECRETS_KEYS", "legacy:" + K1 + ",k2:" + K2));
    assertEquals("legacy", added.sealingKeyId());
    assertEquals(1, added.seal("acme", "c1", SECRETS)[0], "the new key second: nothing changes for old readers");
    assertEquals(SECRETS, added.open("acme", "c1", legacy));

    SealedSecrets first = open(Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:" + K2 + ", legacy:" + K1));
    byte[] resealed = first.seal("acme", "c1", first.open("acme", "c1", legacy));
    assertEquals(Optional.of("k2"), SealedSecrets.keyIdOf(resealed));
    assertEquals(2, resealed[0]);
    assertEquals("k2", new String(resealed, 2, resealed[1], java.nio.charset.StandardCharsets.US_ASCII));
    assertEquals(SECRETS, added.open("acme", "c1", resealed), "an instance with k2 second opens it already");
    assertEquals(SECRETS, first.open("acme", "c1", legacy));

    SealedSecrets dropped = open(Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:" + K2));
    assertEquals(SECRETS, dropped.open("acme", "c1", resealed));
    IllegalStateException gone = assertThrows(IllegalStateException.class,
        () -> dropped.open("acme", "c1", legacy));
    assertEquals("connection c1: secrets sealed with key legacy, which is not among this service's secrets keys [k2]"
        + " (BATON_INGRESS_SECRETS_KEYS)", gone.getMessage());
    assertThrows(IllegalStateException.class, () -> single.open("acme", "c1", resealed),
        "the old single key does not open k2's seal");
  }

  @Test
  void aBlobNamingAnUnknownKeyIdIsAClearErrorWithoutTheContent() {
    SealedSecrets k3 = new SealedSecrets(KeyRing.of(List.of(Map.entry("k3", new byte[32]))));
    byte[] sealed = k3.seal("acme", "c1", SECRETS);
    SealedSecrets ours = open(Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:" + K2 + ",k1:" + K1));
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> ours.open("acme", "c1", sealed));
    assertTrue(e.getMessage().contains("sealed with key k3"), e.getMessage());
    assertFalse(e.getMessage().contains("s3cret"), e.getMessage());
    byte[] webhook = k3.sealWebhookSecret("acme", "whsec_abc");
    IllegalStateException w = assertThrows(IllegalStateException.class,
        () -> ours.openWebhookSecret("acme", webhook));
    assertTrue(w.getMessage().startsWith("webhook of tenant acme: secrets sealed with key k3"), w.getMessage());
    byte[] badId = sealed.clone();
    badId[2] = '!';
    assertTrue(assertThrows(IllegalStateException.class, () -> ours.open("acme", "c1", badId)).getMessage()
        .contains("unknown format"));
    byte[] renamed = sealed.clone();
    renamed[3] = '2'; // "k3" -> "k2": the right format, the wrong key
    assertTrue(assertThrows(IllegalStateException.class, () -> ours.open("acme", "c1", renamed)).getMessage()
        .endsWith("do not decrypt with key k2"));
    assertThrows(IllegalStateException.class, () -> ours.open("acme", "c1", new byte[] {2, 40, 'k'}));
  }

  @Test
  void configErrorsNameTheVariableAndNeverTheKey() {
    assertError("BATON_INGRESS_SECRETS_KEYS (key k1) must be a base64 AES key of 16, 24 or 32 bytes, got 5 bytes",
        Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:" + K2 + ",k1:c2hvcnQ="));
    assertError("BATON_INGRESS_SECRETS_KEYS names key id k1 twice",
        Map.of("BATON_INGRESS_SECRETS_KEYS", "k1:" + K2 + ",k1:" + K1));
    assertError("BATON_INGRESS_SECRETS_KEYS is set but holds no key; give id:base64 entries separated by commas, or "
        + "unset it", Map.of("BATON_INGRESS_SECRETS_KEYS", " , "));
    assertError("BATON_INGRESS_SECRETS_KEYS must be id:base64 entries separated by commas, each id matching "
        + "[A-Za-z0-9_-]{1,32}", Map.of("BATON_INGRESS_SECRETS_KEYS", K2));
    assertError("BATON_INGRESS_SECRETS_KEYS (key k2) must be base64",
        Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:not base64!"));
    assertError("set BATON_INGRESS_SECRETS_KEYS or BATON_INGRESS_SECRETS_KEY, not both (name the key of "
        + "BATON_INGRESS_SECRETS_KEY 'legacy' in BATON_INGRESS_SECRETS_KEYS)",
        Map.of("BATON_INGRESS_SECRETS_KEYS", "k2:" + K2, "BATON_INGRESS_SECRETS_KEY", K1));
    assertTrue(SealedSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEYS", "")).isEmpty(), "empty is unset");
  }

  @Test
  void aRingShowsItsIdsOnly() {
    KeyRing ring = KeyRing.of(List.of(Map.entry("k2", Base64.getDecoder().decode(K2)),
        Map.entry("k1", Base64.getDecoder().decode(K1))));
    assertEquals("KeyRing[k2, k1]", ring.toString());
    assertEquals(List.of("k2", "k1"), ring.ids());
    assertEquals("k2", ring.currentId());
    assertTrue(ring.key("k3").isEmpty());
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(List.of()));
    assertThrows(IllegalArgumentException.class, () -> KeyRing.of(List.of(Map.entry("a.b", new byte[16]))));
  }

  private static SealedSecrets open(Map<String, String> env) {
    return SealedSecrets.fromEnv(env).orElseThrow();
  }

  private static void assertError(String message, Map<String, String> env) {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SealedSecrets.fromEnv(env));
    assertEquals(message, e.getMessage());
    for (String key : List.of(K1, K2, "c2hvcnQ=")) {
      assertFalse(e.getMessage().contains(key), e.getMessage());
    }
  }
}
