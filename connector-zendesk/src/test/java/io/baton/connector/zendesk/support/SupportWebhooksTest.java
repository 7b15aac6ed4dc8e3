package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SupportWebhooksTest {
  static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
  static final String SECRET = "dGhlIHdlYmhvb2sncyBzZWNyZXQ";
  final SupportWebhooks webhooks = new SupportWebhooks(Duration.ofMinutes(5), Clock.fixed(NOW, ZoneOffset.UTC));
  final Map<String, String> secrets = Map.of(SupportWebhooks.SIGNING_SECRET, SECRET, "apiToken", "t");

  static WebhookRequest request(String body, String timestamp, String signature) {
    java.util.Map<String, List<String>> headers = new java.util.HashMap<>();
    if (timestamp != null) {
      headers.put(SupportWebhooks.TIMESTAMP.toLowerCase(), List.of(timestamp));
    }
    if (signature != null) {
      headers.put(SupportWebhooks.SIGNATURE.toLowerCase(), List.of(signature));
    }
    return new WebhookRequest("conn-1", headers, body.getBytes(StandardCharsets.UTF_8));
  }

  static String body(String kind, String ticket, String at) {
    return "{\"baton\":\"" + kind + "\",\"ticket_id\":\"" + ticket + "\",\"updated_at\":\"" + at
        + "\",\"status\":\"open\"}";
  }

  @Test
  void aDeliverySignedWithTheWebhooksSecretOverTimestampAndBodyIsGenuine() {
    String body = body("comment", "42", "2026-11-29T07:59:58Z");
    String ts = "2026-11-29T07:59:59Z";
    // Zendesk's documented scheme, computed independently: base64(HMAC-SHA256(secret, timestamp + body)).
    String expected = java.util.Base64.getEncoder().encodeToString(hmac(SECRET, ts + body));
    assertEquals(expected, SupportWebhooks.sign(SECRET, ts, body.getBytes(StandardCharsets.UTF_8)));
    assertTrue(webhooks.verify(request(body, ts, expected), secrets));
  }

  @Test
  void staleForgedOrUnsignedDeliveriesAreRefused() {
    String body = body("status", "42", "x");
    String fresh = "2026-11-29T07:59:59Z";
    String stale = "2026-11-29T07:50:00Z";
    assertFalse(webhooks.verify(request(body, stale, SupportWebhooks.sign(SECRET, stale, bytes(body))), secrets));
    assertFalse(webhooks.verify(request(body, fresh, SupportWebhooks.sign("other", fresh, bytes(body))), secrets));
    assertFalse(webhooks.verify(request(body + " ", fresh, SupportWebhooks.sign(SECRET, fresh, bytes(body))),
        secrets));
    assertFalse(webhooks.verify(request(body, fresh, null), secrets));
    assertFalse(webhooks.verify(request(body, null, SupportWebhooks.sign(SECRET, fresh, bytes(body))), secrets));
    assertFalse(webhooks.verify(request(body, "yesterday", SupportWebhooks.sign(SECRET, "yesterday", bytes(body))),
        secrets));
    // Not activated yet: no secret learned.
    assertFalse(webhooks.verify(request(body, fresh, SupportWebhooks.sign(SECRET, fresh, bytes(body))),
        Map.of("apiToken", "t")));
  }

  @Test
  void theEventIdComesFromTheFiringAndTheReferenceIsTheTicket() {
    List<WebhookEvent> events = webhooks.events(request(body("comment", "42", "2026-11-29T07:59:58Z"), null, null));
    assertEquals(1, events.size());
    assertEquals("conn-1:comment:42:2026-11-29T07:59:58Z:", events.get(0).eventId());
    assertEquals("conn-1/42", events.get(0).ref());
    List<WebhookEvent> again = webhooks.events(request(body("comment", "42", "2026-11-29T07:59:58Z"), null, null));
    assertEquals(events.get(0).eventId(), again.get(0).eventId());
    String sameSecond = body("comment", "42", "2026-11-29T07:59:58Z").replace("\"status\"",
        "\"comment_id\":\"77\",\"status\"");
    assertEquals("conn-1:comment:42:2026-11-29T07:59:58Z:77",
        webhooks.events(request(sameSecond, null, null)).get(0).eventId(), "two comments in one second differ");
    WebhookEvent proactive = webhooks.events(request(body("agent_initiated", "7", "a"), null, null)).get(0);
    assertEquals("conn-1:agent_initiated:7:a:", proactive.eventId(), "checked again on each update that fires it");
    assertEquals(SupportWebhooks.PROACTIVE + "conn-1/7", proactive.ref());
    // Every connection's triggers on one Zendesk account fire for each Baton ticket: the same firing reaching
    // another connection's path is another event, or the first to arrive would make the ticket's own a duplicate.
    WebhookRequest other = new WebhookRequest("conn-2", java.util.Map.of(),
        body("comment", "42", "2026-11-29T07:59:58Z").getBytes(StandardCharsets.UTF_8));
    assertEquals("conn-2:comment:42:2026-11-29T07:59:58Z:", webhooks.events(other).get(0).eventId());
  }

  @Test
  void bodiesThatAreNotBatonsTriggersAreRefused() {
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("not json", null, null)));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("[1]", null, null)));
    assertThrows(IllegalArgumentException.class,
        () -> webhooks.events(request(body("deleted", "42", "x"), null, null)));
    assertThrows(IllegalArgumentException.class,
        () -> webhooks.events(request(body("comment", "{{ticket.id}}", "x"), null, null)));
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  private static byte[] hmac(String key, String content) {
    try {
      javax.crypto.Mac mac = javax.crypto.Mac.getInstance("HmacSHA256");
      mac.init(new javax.crypto.spec.SecretKeySpec(bytes(key), "HmacSHA256"));
      return mac.doFinal(bytes(content));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
