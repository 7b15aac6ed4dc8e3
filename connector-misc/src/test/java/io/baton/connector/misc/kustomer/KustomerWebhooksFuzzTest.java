package io.baton.connector.misc.kustomer;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Kustomer's webhook intake ({@link KustomerWebhooks}) with fuzzed deliveries: signature, connection header, body. */
class KustomerWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final String TOKEN = "kustomer-webhook-token";
  private static final KustomerWebhooks WEBHOOKS =
      new KustomerWebhooks(Duration.ofHours(2), Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data,
        List.of(KustomerWebhooks.SIGNATURE, KustomerWebhooks.CONNECTION_HEADER),
        (path, body) -> Map.of(KustomerWebhooks.SIGNATURE, KustomerWebhooks.sign(TOKEN, body),
            KustomerWebhooks.CONNECTION_HEADER, path)),
        Map.of(KustomerWebhooks.TOKEN, TOKEN));
  }
}
