package io.baton.connector.zendesk.support;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/**
 * Zendesk Support's webhook intake ({@link SupportWebhooks}) with fuzzed deliveries: the signature and its timestamp
 * header (ISO-8601 or epoch seconds), and the trigger body.
 */
class SupportWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final String SECRET = "zendesk-signing-secret";
  private static final SupportWebhooks WEBHOOKS =
      new SupportWebhooks(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data,
        List.of(SupportWebhooks.SIGNATURE, SupportWebhooks.TIMESTAMP),
        (path, body) -> Map.of(SupportWebhooks.TIMESTAMP, NOW.toString(),
            SupportWebhooks.SIGNATURE, SupportWebhooks.sign(SECRET, NOW.toString(), body))),
        Map.of(SupportWebhooks.SIGNING_SECRET, SECRET));
  }
}
