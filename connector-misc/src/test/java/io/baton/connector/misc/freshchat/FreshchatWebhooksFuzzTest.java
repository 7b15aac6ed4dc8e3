package io.baton.connector.misc.freshchat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/** Freshchat's webhook intake ({@link FreshchatWebhooks}) with fuzzed deliveries: the RSA signature and the body. */
class FreshchatWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final KeyPair ACCOUNT = account();
  private static final Map<String, String> SECRETS =
      Map.of("publicKey", Base64.getEncoder().encodeToString(ACCOUNT.getPublic().getEncoded()));
  private static final FreshchatWebhooks WEBHOOKS =
      new FreshchatWebhooks(Duration.ofMinutes(30), Clock.fixed(NOW, ZoneOffset.UTC));

  private static KeyPair account() {
    try {
      KeyPairGenerator rsa = KeyPairGenerator.getInstance("RSA");
      rsa.initialize(1024); // the check's code is the same for any size; a small key keeps signing fast
      return rsa.generateKeyPair();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String sign(byte[] body) {
    try {
      Signature signature = Signature.getInstance("SHA256withRSA");
      signature.initSign(ACCOUNT.getPrivate());
      signature.update(body);
      return Base64.getEncoder().encodeToString(signature.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data, List.of(FreshchatWebhooks.HEADER),
        (path, body) -> Map.of(FreshchatWebhooks.HEADER, sign(body))), SECRETS);
  }
}
