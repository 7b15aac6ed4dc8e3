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

class DixaWebhooksTest {
  private static final String SECRET = "8f1c0a7e5b3d2f4a6c8e0b1d3f5a7c9e";
  private static final Instant NOW = Instant.parse("2026-11-22T00:00:00Z");
  private static final String BODY = "{\"event_id\":\"e1\",\"event_fqn\":\"CONVERSATION_CLOSED\"}";

  private final DixaWebhooks check = new DixaWebhooks(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));

  private static WebhookRequest request(String connection, String header, String body) {
    return new WebhookRequest(connection, header == null ? Map.of()
        : Map.of("x-dixa-signature", List.of(header)), body.getBytes(StandardCharsets.UTF_8));
  }

  /** Only the connection "default" has a subscription key. */
  private boolean verify(String connection, String header, String body) {
    Map<String, String> secrets = connection.equals("default") ? Map.of(DixaWebhooks.SIGNING_KEY, SECRET, "token", "t")
        : Map.of("token", "t");
    return check.verify(request(connection, header, body), secrets);
  }

  @Test
  void matchesDixasSchemeHmacOverTimestampDotBodyWithTheHexDecodedKey() {
    long t = NOW.getEpochSecond();
    String header = DixaSimulator.signature(SECRET, t, BODY);
    assertEquals("t=" + t + ",v1=" + DixaWebhooks.sign(HexFormat.of().parseHex(SECRET), t,
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

  @Test
  void aDeliveryIsOneEventAboutItsConnectionsConversation() {
    String body =
        "{\"event_id\":\"e7\",\"event_fqn\":\"CONVERSATION_ASSIGNED\",\"data\":{\"conversation\":{\"csid\":42}}}";
    var events = check.events(request("conn-a", null, body));
    assertEquals(1, events.size());
    assertEquals("e7", events.get(0).eventId());
    assertEquals("conn-a/42", events.get(0).ref());
    assertEquals(body, new String(events.get(0).payload(), StandardCharsets.UTF_8));
    assertEquals(null, check.events(request("conn-a", null, "{\"event_id\":\"e8\",\"data\":{}}")).get(0).ref(),
        "about no conversation");
    assertEquals(List.of(), check.events(request("conn-a", null, "{\"data\":{}}")), "no event id");
    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
        () -> check.events(request("conn-a", null, "not json")));
  }
}
