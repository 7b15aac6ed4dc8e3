package io.baton.connector.zendesk.sunco;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** SunCo's webhook intake ({@link SuncoWebhooks}) with fuzzed deliveries: the API key header and the batch body. */
class SuncoWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final String SECRET = "sunco-webhook-secret";
  private static final SuncoWebhooks WEBHOOKS = new SuncoWebhooks(Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data, List.of("X-API-Key"),
        (path, body) -> Map.of("X-API-Key", SECRET)),
        Map.of(SuncoWebhooks.SECRET, SECRET, SuncoWebhooks.APP, "app-1"));
  }
}
