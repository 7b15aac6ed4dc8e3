package io.baton.secrets;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SealedSecretsTest {
  private static final String KEY = "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="; // the local stack's dev key
  private static final SealedSecrets BOX = SealedSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", KEY))
      .orElseThrow();
  private static final SealedSecrets OTHER_KEY = new SealedSecrets(Base64.getDecoder().decode(
      "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
  private static final Map<String, String> SECRETS = Map.of("token", "s3cret", "apiKey", "k-42 ü");

  // Sealed with the dev key by the code this class replaced (connector-runtime's ConnectionSecrets and the
  // ingress's SecretBox), before it was removed: records already on Kafka must keep opening.
  private static final String CONNECTION_SECRETS_VECTOR =
      "AcWydGQ8COD22a0fFttYn+ucAew8/hEUcBz2Gz5j3J9bkqq1RC9DZ2iLwUhekk3QzeyGKNtMmIz9O2Cpc2BJYJRT";
  private static final String SECRET_BOX_VECTOR =
      "AYdV+3pg8xbL2MSVt4+FuLbDKFJOtQiXiG3dZ8cl+b710YJJC22k2GIUhtuF5W47gcBKBgz5OFnYkffvDSWakZaX";
  private static final String WEBHOOK_VECTOR =
      "AZb5D1CYFWbtRK4SY2s96q9aAcfaxtRLNWHJwTUM1A0YcOeEMJbdabhhjMRlyj8HVg7C2mC+Mvbekw5pWw==";

  @Test
  void opensWhatItSealed() {
    byte[] sealed = BOX.seal("acme", "c1", SECRETS);
    assertEquals(1, sealed[0]);
    assertEquals(SECRETS, BOX.open("acme", "c1", sealed));
    assertEquals(Map.of(), BOX.open("acme", "c1", BOX.seal("acme", "c1", Map.of())));
    assertFalse(java.util.Arrays.equals(sealed, BOX.seal("acme", "c1", SECRETS)), "a fresh nonce every time");
  }

  @Test
  void opensRecordsSealedByThePreviousCode() {
    assertEquals(SECRETS, BOX.open("acme", "c1", Base64.getDecoder().decode(CONNECTION_SECRETS_VECTOR)));
    assertEquals(SECRETS, BOX.open("acme", "c1", Base64.getDecoder().decode(SECRET_BOX_VECTOR)));
    assertEquals("whsec_abc123", BOX.openWebhookSecret("acme", Base64.getDecoder().decode(WEBHOOK_VECTOR)));
  }

  @Test
  void aWrongKeyTenantOrConnectionFailsWithoutTheContent() {
    byte[] sealed = BOX.seal("acme", "c1", SECRETS);
    assertHidden(assertThrows(IllegalStateException.class, () -> OTHER_KEY.open("acme", "c1", sealed)));
    assertHidden(assertThrows(IllegalStateException.class, () -> BOX.open("globex", "c1", sealed)));
    assertHidden(assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c2", sealed)));
    assertHidden(assertThrows(IllegalStateException.class, () -> BOX.openWebhookSecret("acme", sealed)));
  }

  @Test
  void aTamperedByteFails() {
    byte[] sealed = BOX.seal("acme", "c1", SECRETS);
    for (int i = 1; i < sealed.length; i++) {
      byte[] tampered = sealed.clone();
      tampered[i] ^= 0x01;
      assertHidden(assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", tampered)));
    }
    byte[] truncated = java.util.Arrays.copyOf(sealed, sealed.length - 1);
    assertHidden(assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", truncated)));
  }

  @Test
  void anUnknownVersionByteOrATooShortRecordFails() {
    byte[] sealed = BOX.seal("acme", "c1", SECRETS);
    sealed[0] = 3; // 1 is the legacy key's format, 2 names its key
    IllegalStateException e = assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", sealed));
    assertTrue(e.getMessage().contains("unknown format"), e.getMessage());
    assertHidden(e);
    assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", new byte[] {1, 1, 2}));
    assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", new byte[0]));
  }

  @Test
  void webhookSecretsAreSealedForTheirTenantAndApartFromConnections() {
    byte[] sealed = BOX.sealWebhookSecret("acme", "whsec_xyz");
    assertEquals("whsec_xyz", BOX.openWebhookSecret("acme", sealed));
    assertEquals(Map.of("signingSecret", "whsec_xyz"), BOX.open("acme", "webhook", sealed), "today's format");
    IllegalStateException moved = assertThrows(IllegalStateException.class,
        () -> BOX.openWebhookSecret("globex", sealed));
    assertFalse(moved.getMessage().contains("whsec_xyz"));
    assertThrows(IllegalStateException.class, () -> BOX.open("acme", "c1", sealed));
    assertThrows(IllegalStateException.class,
        () -> BOX.openWebhookSecret("acme", BOX.seal("acme", "webhook", Map.of("other", "x"))));
  }

  @Test
  void noKeyNoSecretsAndABadKeyIsAClearError() {
    assertTrue(SealedSecrets.fromEnv(Map.of()).isEmpty());
    assertTrue(SealedSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", " ")).isEmpty());
    IllegalArgumentException notBase64 = assertThrows(IllegalArgumentException.class,
        () -> SealedSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", "not base64!")));
    assertTrue(notBase64.getMessage().contains("BATON_INGRESS_SECRETS_KEY"));
    IllegalArgumentException tooShort = assertThrows(IllegalArgumentException.class,
        () -> SealedSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", "c2hvcnQ=")));
    assertTrue(tooShort.getMessage().contains("BATON_INGRESS_SECRETS_KEY"));
    assertTrue(tooShort.getMessage().contains("16, 24 or 32"));
    assertFalse(tooShort.getMessage().contains("c2hvcnQ="), "the key is not echoed");
    assertThrows(IllegalArgumentException.class, () -> new SealedSecrets(new byte[15]));
    for (int length : new int[] {16, 24, 32}) {
      SealedSecrets box = new SealedSecrets(new byte[length]);
      assertEquals(SECRETS, box.open("t", "c", box.seal("t", "c", SECRETS)));
    }
  }

  @Test
  void theKeyIsCopied() {
    byte[] key = Base64.getDecoder().decode(KEY);
    SealedSecrets box = new SealedSecrets(key);
    byte[] sealed = box.seal("acme", "c1", SECRETS);
    byte[] original = key.clone();
    key[0] ^= 0x01;
    assertNotEquals(original[0], key[0]);
    assertEquals(SECRETS, box.open("acme", "c1", sealed));
    assertArrayEquals(original, Base64.getDecoder().decode(KEY));
  }

  private static void assertHidden(IllegalStateException e) {
    for (String value : SECRETS.values()) {
      assertFalse(e.getMessage().contains(value), e.getMessage());
    }
    assertFalse(e.getMessage().contains("whsec_"), e.getMessage());
  }
}
