package io.baton.connector.connections;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Base64;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ConnectionSecretsTest {
  private static final String KEY = "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="; // the local stack's dev key

  @Test
  void opensWhatWasSealedForTheSameConnectionOnly() {
    ConnectionSecrets box = ConnectionSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", KEY)).orElseThrow();
    byte[] sealed = box.seal("acme", "c1", Map.of("token", "s3cret"));
    assertEquals(Map.of("token", "s3cret"), box.open("acme", "c1", sealed));
    IllegalStateException moved = assertThrows(IllegalStateException.class, () -> box.open("acme", "c2", sealed));
    assertFalse(moved.getMessage().contains("s3cret"));
    ConnectionSecrets other = new ConnectionSecrets(Base64.getDecoder().decode(
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA="));
    assertThrows(IllegalStateException.class, () -> other.open("acme", "c1", sealed));
    assertThrows(IllegalStateException.class, () -> box.open("acme", "c1", new byte[] {2, 1, 2}));
  }

  @Test
  void noKeyNoSecretsAndABadKeyIsAClearError() {
    assertTrue(ConnectionSecrets.fromEnv(Map.of()).isEmpty());
    assertThrows(IllegalArgumentException.class,
        () -> ConnectionSecrets.fromEnv(Map.of("BATON_INGRESS_SECRETS_KEY", "not base64!")));
  }
}
