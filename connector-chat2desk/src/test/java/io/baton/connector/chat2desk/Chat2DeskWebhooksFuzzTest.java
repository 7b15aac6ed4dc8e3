package io.baton.connector.chat2desk;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import io.baton.connector.webhooks.HmacSignature;
import java.util.List;
import java.util.Map;

/**
 * Chat2Desk's webhook intake ({@link Chat2DeskWebhooks}) with fuzzed deliveries: the HMAC header of a connection
 * with a webhook secret, and the hook bodies (every hook type reads the body whatever its signature: a connection
 * without a secret checks none).
 */
class Chat2DeskWebhooksFuzzTest {
  private static final String SECRET = "chat2desk-webhook-secret";
  private static final Chat2DeskWebhooks WEBHOOKS = new Chat2DeskWebhooks(ref -> ref.hashCode() % 2 == 0);

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data,
        List.of(Chat2DeskSettings.DEFAULT_SIGNATURE_HEADER),
        (path, body) -> Map.of(Chat2DeskSettings.DEFAULT_SIGNATURE_HEADER,
            HmacSignature.sha256Hex(SECRET, Chat2DeskSettings.DEFAULT_SIGNATURE_HEADER, "").sign(body))),
        Map.of(Chat2DeskWebhooks.SECRET, SECRET));
  }
}
