package io.baton.connector.misc.gorgias;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Gorgias's webhook intake ({@link GorgiasWebhooks}) with fuzzed deliveries: the secret header and the form. */
class GorgiasWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final String SECRET = "gorgias-webhook-secret";
  private static final GorgiasWebhooks WEBHOOKS =
      new GorgiasWebhooks(Duration.ofMinutes(30), Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data, List.of(GorgiasWebhooks.HEADER),
        (path, body) -> Map.of(GorgiasWebhooks.HEADER, SECRET)), Map.of(GorgiasWebhooks.SECRET, SECRET));
  }
}
