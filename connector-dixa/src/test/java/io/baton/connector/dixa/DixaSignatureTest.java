package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.WebhookRequest;
import io.baton.sandbox.dixa.DixaSimulator;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DixaSignatureTest {
  private static final String SECRET = "8f1c0a7e5b3d2f4a6c8e0b1d3f5a7c9e";
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final String BODY = "{\"event_id\":\"e1\",\"event_fqn\":\"CONVERSATION_CLOSED\"}";

  private final DixaSignature check = new DixaSignature(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  DixaSignatureTest() {
    check.secret("default", SECRET);
  }

  private boolean verify(String connection, String header, String body) {
    return check.verify(new WebhookRequest(connection, header == null ? Map.of()
        : Map.of("x-dixa-signature", List.of(header)), body.getBytes(StandardCharsets.UTF_8)));
  }

  @Test
  void matchesDixasSchemeHmacOverTimestampDotBodyWithTheHexDecodedKey() {
    long t = NOW.getEpochSecond();
    String header = DixaSimulator.signature(SECRET, t, BODY);
    assertEquals("t=" + t + ",v1=" + DixaSignature.sign(HexFormat.of().parseHex(SECRET), t,
        BODY.getBytes(StandardCharsets.UTF_8)), header);
    assertTrue(verify("default", header, BODY));
  }

  @Test
  void refusesForgedStaleUnsignedAndUnknownConnections() {
    long t = NOW.getEpochSecond();
    assertFalse(verify("default", DixaSimulator.signature(SECRET, t, BODY), BODY + " "), "changed body");
    assertFalse(verify("default", DixaSimulator.signature("00112233", t, BODY), BODY), "another key");
    assertFalse(verify("default", DixaSimulator.signature(SECRET, t - 301, BODY), BODY), "too old");
    assertFalse(verify("default", DixaSimulator.signature(SECRET, t + 301, BODY), BODY), "from the future");
    assertTrue(verify("default", DixaSimulator.signature(SECRET, t - 299, BODY), BODY), "within the window");
    assertFalse(verify("default", null, BODY), "unsigned");
    assertFalse(verify("default", "t=abc,v1=00", BODY), "malformed");
    assertFalse(verify("other", DixaSimulator.signature(SECRET, t, BODY), BODY), "a connection without a secret");
  }
}
