package io.baton.connector.misc.gorgias;

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

class GorgiasWebhooksTest {
  static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  final GorgiasWebhooks webhooks = new GorgiasWebhooks(Duration.ofMinutes(30), Clock.fixed(NOW, ZoneOffset.UTC));
  final Map<String, String> secrets = Map.of(GorgiasWebhooks.SECRET, "s3cret", "apiKey", "k");

  static String form(String ticket, String updated) {
    return "{\"connection\":\"conn-1\",\"ticket_id\":" + ticket
        + ",\"ticket_status\":\"open\",\"ticket_updated_datetime\":\"" + updated
        + "\",\"message_id\":\"77\",\"message_from_agent\":\"True\",\"message_created_datetime\":\"" + updated
        + "\"}";
  }

  static WebhookRequest request(String body, String secret) {
    return new WebhookRequest("conn-1", secret == null ? Map.of()
        : Map.of("x-baton-secret", List.of(secret)), body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onlyTheConnectionsSecretHeaderOnAFreshDeliveryIsTaken() {
    String body = form("\"12\"", "2026-11-29T11:50:00.123456");
    assertTrue(webhooks.verify(request(body, "s3cret"), secrets));
    assertFalse(webhooks.verify(request(body, null), secrets), "no header");
    assertFalse(webhooks.verify(request(body, "s3cret!"), secrets), "another secret");
    assertFalse(webhooks.verify(request(body, ""), secrets), "an empty header");
    assertFalse(webhooks.verify(request(body, "s3cret"), Map.of("apiKey", "k")), "a connection without its secret");
    assertFalse(webhooks.verify(request(body.replace("conn-1", "conn-2"), "s3cret"), secrets),
        "another connection's delivery");
  }

  @Test
  void aDeliveryOfATicketUpdatedLongAgoIsAReplay() {
    assertFalse(webhooks.verify(request(form("12", "2026-11-29T11:29:59"), "s3cret"), secrets));
    assertTrue(webhooks.verify(request(form("12", "2026-11-29T11:30:01+00:00"), "s3cret"), secrets));
    assertFalse(webhooks.verify(request(form("12", "not a time"), "s3cret"), secrets));
    assertFalse(webhooks.verify(request("not json", "s3cret"), secrets));
  }

  @Test
  void aDeliveryIsAboutItsTicketAndKnownByTheStateItDescribes() {
    List<WebhookEvent> events = webhooks.events(request(form("\"12\"", "2026-11-29T11:50:00"), "s3cret"));
    assertEquals(1, events.size());
    assertEquals("conn-1/12", events.get(0).ref());
    assertEquals("conn-1/12/77/open/2026-11-29T11:50:00", events.get(0).eventId());
    // a number rendered as a number is the same ticket, the same state
    assertEquals(events.get(0).eventId(),
        webhooks.events(request(form("12", "2026-11-29T11:50:00"), "s3cret")).get(0).eventId());
  }

  @Test
  void aDeliveryWithoutATicketCannotBeRead() {
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("{\"ticket_id\":\"\"}", "s3cret")));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("[1", "s3cret")));
  }

  @Test
  void gorgiasDatetimesWithAndWithoutAnOffset() {
    assertEquals(Instant.parse("2021-01-07T13:00:00.123456Z"), GorgiasWebhooks.instant("2021-01-07T13:00:00.123456"));
    assertEquals(Instant.parse("2021-01-07T12:00:00Z"), GorgiasWebhooks.instant("2021-01-07T13:00:00+01:00"));
    assertEquals(null, GorgiasWebhooks.instant(""));
  }
}
