package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.security.GeneralSecurityException;
import java.util.List;
import java.util.Map;

/**
 * The shared webhook proofs with fuzzed headers, bodies and keys: {@link HmacSignature} (hex and base64, with a
 * prefix), {@link SharedSecretHeader} and {@link RsaSignature} (whose public key, a connection's secret, is fuzzed
 * too, as PEM or bare base64). Each answers true or false and throws nothing; an HMAC signature it made itself
 * verifies (an empty secret verifies nothing), and a header other than the one made never does.
 *
 * <p>Input: which proof, the header's value, the secret or key, then the body.
 */
class WebhookSignaturesFuzzTest {
  @FuzzTest(maxDuration = "2s")
  void answersWithoutThrowing(FuzzedDataProvider data) {
    int proof = data.consumeInt(0, 3);
    String header = data.consumeString(400);
    String secret = data.consumeString(200);
    byte[] body = data.consumeRemainingAsBytes();
    WebhookRequest request = new WebhookRequest("conn-1", Map.of("x-signature", List.of(header)), body);
    switch (proof) {
      case 0, 1 -> {
        HmacSignature hmac = proof == 0 ? HmacSignature.sha256Hex(secret, "X-Signature", "sha256=")
            : HmacSignature.sha256Base64(secret, "X-Signature");
        if (secret.isEmpty()) {
          assertFalse(hmac.verify(request));
          return;
        }
        String made = hmac.sign(body);
        assertEquals(header.trim().equals(made), hmac.verify(request));
        assertTrue(hmac.verify(new WebhookRequest("conn-1", Map.of("x-signature", List.of(made)), body)));
      }
      case 2 -> {
        boolean verified = new SharedSecretHeader("X-Signature", "Bearer ", "token")
            .verify(request, Map.of("token", secret));
        assertEquals(!secret.isEmpty() && header.trim().equals("Bearer " + secret), verified);
      }
      default -> {
        assertFalse(new RsaSignature("SHA256withRSA", "X-Signature", "publicKey")
            .verify(request, Map.of("publicKey", secret)) && secret.isBlank());
        try {
          RsaSignature.publicKey(secret);
        } catch (GeneralSecurityException refused) {
          // the documented answer to a key that is none
        }
      }
    }
  }
}
