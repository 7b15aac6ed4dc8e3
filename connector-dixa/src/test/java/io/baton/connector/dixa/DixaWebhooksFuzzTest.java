package io.baton.connector.dixa;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.baton.connector.testkit.FuzzedDeliveries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/** Dixa's webhook intake ({@link DixaWebhooks}) with fuzzed deliveries: its signature header and its event body. */
class DixaWebhooksFuzzTest {
  private static final Instant NOW = Instant.parse("2025-05-01T10:15:30Z");
  private static final String KEY = "00112233445566778899aabbccddeeff";
  private static final DixaWebhooks WEBHOOKS =
      new DixaWebhooks(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  @FuzzTest(maxDuration = "2s")
  void refusedOrRead(FuzzedDataProvider data) {
    FuzzedDeliveries.intake(WEBHOOKS, FuzzedDeliveries.request(data, List.of(DixaWebhooks.HEADER),
        (path, body) -> Map.of(DixaWebhooks.HEADER, "t=" + NOW.getEpochSecond() + ",v1="
            + DixaWebhooks.sign(HexFormat.of().parseHex(KEY), NOW.getEpochSecond(), body))),
        Map.of(DixaWebhooks.SIGNING_KEY, KEY));
  }
}
