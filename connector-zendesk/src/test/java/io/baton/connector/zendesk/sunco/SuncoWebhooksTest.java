package io.baton.connector.zendesk.sunco;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The integration's webhook: X-API-Key per connection, the app checked, stale deliveries refused, batches split. */
class SuncoWebhooksTest {
  private static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");
  private static final SuncoWebhooks HOOKS = new SuncoWebhooks(Clock.fixed(NOW, ZoneOffset.UTC));
  private static final Map<String, String> SECRETS = Map.of(SuncoWebhooks.SECRET, "s3cret", SuncoWebhooks.APP, "app1",
      "keySecret", "k", "apiToken", "t");

  private static String delivery(String app, Instant createdAt) {
    return "{\"app\":{\"id\":\"" + app + "\"},\"webhook\":{\"id\":\"w1\",\"version\":\"v2\"},\"events\":["
        + "{\"id\":\"e1\",\"type\":\"conversation:message\",\"createdAt\":\"" + createdAt + "\","
        + "\"payload\":{\"conversation\":{\"id\":\"c1\"},\"message\":{\"id\":\"m1\"}}},"
        + "{\"id\":\"e2\",\"type\":\"conversation:typing\",\"createdAt\":\"" + createdAt + "\","
        + "\"payload\":{\"conversation\":{\"id\":\"c2\"}}},"
        + "{\"id\":\"e3\",\"type\":\"user:update\",\"createdAt\":\"" + createdAt + "\",\"payload\":{}}]}";
  }

  private static WebhookRequest request(String body, String apiKey) {
    return new WebhookRequest("conn-1", apiKey == null ? Map.of() : Map.of("x-api-key", List.of(apiKey)),
        body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void onlyTheWebhookSecretOfTheConnectionsAppWithinTheReplayWindowIsTaken() {
    String fresh = delivery("app1", NOW.minusSeconds(30));
    assertTrue(HOOKS.verify(request(fresh, "s3cret"), SECRETS));
    assertFalse(HOOKS.verify(request(fresh, "s3cret "), Map.of(SuncoWebhooks.APP, "app1")), "no secret learned");
    assertFalse(HOOKS.verify(request(fresh, "wrong"), SECRETS));
    assertFalse(HOOKS.verify(request(fresh, "k"), SECRETS), "the API key's secret is not the webhook's");
    assertFalse(HOOKS.verify(request(fresh, null), SECRETS));
    assertFalse(HOOKS.verify(request(delivery("app2", NOW), "s3cret"), SECRETS), "another app's delivery");
    assertFalse(HOOKS.verify(request(delivery("app1", NOW.minusSeconds(3600)), "s3cret"), SECRETS), "a replay");
    assertTrue(HOOKS.verify(request(delivery("app1", NOW.minusSeconds(14 * 60)), "s3cret"), SECRETS),
        "SunCo's last retry, 15 minutes on");
    assertFalse(HOOKS.verify(request("not json", "s3cret"), SECRETS));
  }

  @Test
  void aBatchIsSplitIntoItsEventsEachRoutedByConnectionAndConversation() {
    List<WebhookEvent> events = HOOKS.events(request(delivery("app1", NOW), "s3cret"));
    assertEquals(List.of("conn-1/e1", "conn-1/e2", "conn-1/e3"), events.stream().map(WebhookEvent::eventId).toList());
    assertEquals("conn-1/c1", events.get(0).ref());
    assertEquals("conn-1/c2", events.get(1).ref());
    assertEquals(null, events.get(2).ref(), "about no conversation: acknowledged and dropped");
    assertTrue(new String(events.get(0).payload(), StandardCharsets.UTF_8).contains("\"m1\""));
    assertEquals("conn-1", SuncoWebhooks.connectionOf(events.get(0).ref()));
    assertThrows(IllegalArgumentException.class, () -> HOOKS.events(request("{\"app\":{}}", "s3cret")));
    assertThrows(IllegalArgumentException.class,
        () -> HOOKS.events(request("{\"events\":[{\"type\":\"conversation:message\"}]}", "s3cret")));
  }
}
