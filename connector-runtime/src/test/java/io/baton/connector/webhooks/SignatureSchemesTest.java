package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.Signature;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The webhook proofs other than an HMAC: a shared secret in a header, and an RSA signature. */
class SignatureSchemesTest {
  private static WebhookRequest request(String header, String value, String body) {
    return new WebhookRequest("conn", value == null ? Map.of() : Map.of(header.toLowerCase(), List.of(value)),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void aSharedSecretHeaderMatchesOnlyTheConnectionsSecret() {
    SharedSecretHeader check = new SharedSecretHeader("Authorization", "Bearer ", "webhookToken");
    Map<String, String> secrets = Map.of("webhookToken", "s3cret");
    assertTrue(check.verify(request("Authorization", "Bearer s3cret", "{}"), secrets));
    assertFalse(check.verify(request("Authorization", "Bearer s3cre", "{}"), secrets), "another secret");
    assertFalse(check.verify(request("Authorization", "s3cret", "{}"), secrets), "without the prefix");
    assertFalse(check.verify(request("Authorization", null, "{}"), secrets), "no header");
    assertFalse(check.verify(request("Authorization", "Bearer ", "{}"), Map.of("webhookToken", "")),
        "an empty secret proves nothing");
    assertFalse(check.verify(request("Authorization", "Bearer s3cret", "{}"), Map.of()), "no secret held");
  }

  @Test
  void anRsaSignatureVerifiesWithThePublicKeyAndNothingElse() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    KeyPair pair = generator.generateKeyPair();
    KeyPair other = generator.generateKeyPair();
    String body = "{\"actor\":\"agent\",\"message\":\"hi\"}";
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(pair.getPrivate());
    signer.update(body.getBytes(StandardCharsets.UTF_8));
    String signature = Base64.getEncoder().encodeToString(signer.sign());
    String pem = "-----BEGIN PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(pair.getPublic().getEncoded())
        + "\n-----END PUBLIC KEY-----";
    RsaSignature check = new RsaSignature("SHA256withRSA", "X-Signature", "publicKey");
    assertTrue(check.verify(request("X-Signature", signature, body), Map.of("publicKey", pem)));
    assertTrue(check.verify(request("X-Signature", signature, body),
        Map.of("publicKey", Base64.getEncoder().encodeToString(pair.getPublic().getEncoded()))), "bare base64");
    assertFalse(check.verify(request("X-Signature", signature, body + " "), Map.of("publicKey", pem)), "changed body");
    assertFalse(check.verify(request("X-Signature", signature, body), Map.of("publicKey",
        Base64.getEncoder().encodeToString(other.getPublic().getEncoded()))), "another key");
    assertFalse(check.verify(request("X-Signature", "not base64!", body), Map.of("publicKey", pem)), "garbage");
    assertFalse(check.verify(request("X-Signature", null, body), Map.of("publicKey", pem)), "unsigned");
  }

  @Test
  void anRsaPublicKeyReadsUnderEitherHeaderAndAsPkcs1AndNothingElseParses() throws Exception {
    KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
    generator.initialize(2048);
    PublicKey key = generator.generateKeyPair().getPublic();
    byte[] spki = key.getEncoded();
    // The SubjectPublicKeyInfo of a 2048-bit key is a 24-byte header (algorithm, bit string) before the RSAPublicKey.
    byte[] pkcs1 = Arrays.copyOfRange(spki, 24, spki.length);
    String rsaHeader = "-----BEGIN RSA PUBLIC KEY-----\n" + Base64.getMimeEncoder().encodeToString(spki)
        + "\n-----END RSA PUBLIC KEY-----\n";
    assertEquals(key, RsaSignature.publicKey(rsaHeader), "Freshchat's admin UI: SubjectPublicKeyInfo, RSA header");
    assertEquals(key, RsaSignature.publicKey("-----BEGIN RSA PUBLIC KEY-----\n"
        + Base64.getMimeEncoder().encodeToString(pkcs1) + "\n-----END RSA PUBLIC KEY-----"), "PKCS#1");
    for (String wrong : new String[] {"", "not a key", "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----"}) {
      assertThrows(GeneralSecurityException.class, () -> RsaSignature.publicKey(wrong), wrong);
    }
  }
}
