package io.baton.connector.chat2desk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.HmacSignature;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class Chat2DeskWebhooksTest {
  private final Chat2DeskWebhooks webhooks = new Chat2DeskWebhooks(ref -> ref.equals("c1/client:6"));

  private static WebhookRequest request(String connection, String body, Map<String, String> headers) {
    Map<String, List<String>> h = new HashMap<>();
    headers.forEach((k, v) -> h.put(k.toLowerCase(java.util.Locale.ROOT), List.of(v)));
    return new WebhookRequest(connection, h, body.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void withoutTheWebhookSecretNothingIsCheckedWithItTheHmacOfTheRawBodyMustBeInTheConfiguredHeader() {
    String body = "{\"hook_type\":\"inbox\",\"message_id\":7,\"client_id\":5}";
    assertTrue(webhooks.verify(request("c1", body, Map.of()), Map.of("token", "t")));

    Map<String, String> signing = new HashMap<>(Map.of("token", "t", Chat2DeskWebhooks.SECRET, "s3cret"));
    signing.putAll(Chat2DeskWebhooks.learned(Chat2DeskSettings.of(Map.of())));
    String good = HmacSignature.sha256Hex("s3cret", "x", "").sign(body.getBytes(StandardCharsets.UTF_8));
    assertTrue(webhooks.verify(request("c1", body, Map.of("X-Chat2Desk-Signature", good)), signing));
    assertTrue(webhooks.verify(request("c1", body, Map.of("X-Chat2Desk-Signature", good.toUpperCase())), signing));
    assertFalse(webhooks.verify(request("c1", body, Map.of()), signing), "unsigned");
    assertFalse(webhooks.verify(request("c1", body.replace("7", "8"), Map.of("X-Chat2Desk-Signature", good)),
        signing), "another body");
    String forged = HmacSignature.sha256Hex("guess", "x", "").sign(body.getBytes(StandardCharsets.UTF_8));
    assertFalse(webhooks.verify(request("c1", body, Map.of("X-Chat2Desk-Signature", forged)), signing), "forged");

    // Header and algorithm are the connection's settings.
    Map<String, String> sha1 = new HashMap<>(Map.of(Chat2DeskWebhooks.SECRET, "s3cret"));
    sha1.putAll(Chat2DeskWebhooks.learned(Chat2DeskSettings.of(Map.of("signatureHeader", "X-Sig",
        "signatureAlgorithm", "HmacSHA1"))));
    String sha1Signature = new HmacSignature("HmacSHA1", "s3cret", "X-Sig", "", HmacSignature.Encoding.HEX,
        WebhookRequest::body).sign(body.getBytes(StandardCharsets.UTF_8));
    assertTrue(webhooks.verify(request("c1", body, Map.of("X-Sig", sha1Signature)), sha1));
    assertFalse(webhooks.verify(request("c1", body, Map.of("X-Chat2Desk-Signature", good)), sha1));
  }

  @Test
  void eventIdsAreDerivedFromChat2DesksIdsPerConnectionAndRefsSplitTheChannelFromALiveHandover() throws Exception {
    String inbox = "{\"hook_type\":\"inbox\",\"message_id\":7,\"client_id\":5,\"dialog_id\":9}";
    WebhookEvent in = webhooks.events(request("c1", inbox, Map.of())).get(0);
    assertEquals("c1:inbox:7", in.eventId());
    assertEquals("c1/channel:5", in.ref());
    assertEquals("c2:inbox:7", webhooks.events(request("c2", inbox, Map.of())).get(0).eventId());

    String outbox = "{\"hook_type\":\"outbox\",\"message_id\":8,\"client\":{\"id\":5}}";
    assertEquals(List.of("c1:outbox:8", "c1/client:5"), List.of(webhooks.events(request("c1", outbox, Map.of()))
        .get(0).eventId(), webhooks.events(request("c1", outbox, Map.of())).get(0).ref()));

    String close = "{\"hook_type\":\"close_dialog\",\"dialog_id\":9,\"client_id\":5,"
        + "\"event_time\":\"2026-11-29T10:00:00Z\"}";
    List<WebhookEvent> closed = webhooks.events(request("c1", close, Map.of()));
    assertEquals(List.of("c1:close_dialog:9:2026-11-29T10:00:00Z", "c1:close_dialog:9:2026-11-29T10:00:00Z:channel"),
        closed.stream().map(WebhookEvent::eventId).toList());
    assertEquals(List.of("c1/client:5", "c1/channel:5"), closed.stream().map(WebhookEvent::ref).toList());

    String transferred = "{\"hook_type\":\"dialog_transferred\",\"dialog_id\":9,\"client_id\":5,"
        + "\"event_time\":\"2026-11-29T10:01:00Z\"}";
    List<WebhookEvent> moved = webhooks.events(request("c1", transferred, Map.of()));
    assertEquals(1, moved.size());
    assertEquals("c1/client:5", moved.get(0).ref());

    // The channel's copy says whether the client had a live handover as the webhook arrived.
    assertEquals(false, Chat2DeskClient.JSON.readTree(in.payload()).path(Chat2DeskWebhooks.HANDOVER_LIVE).asBoolean());
    WebhookEvent handedOver = webhooks.events(request("c1", inbox.replace(":5", ":6"), Map.of())).get(0);
    assertEquals(true, Chat2DeskClient.JSON.readTree(handedOver.payload()).path(Chat2DeskWebhooks.HANDOVER_LIVE)
        .asBoolean());
    assertEquals(7, Chat2DeskClient.JSON.readTree(handedOver.payload()).path("message_id").asInt(), "the rest kept");

    WebhookEvent status = webhooks.events(request("c1", "{\"hook_type\":\"outbox_status\",\"message_id\":8}",
        Map.of())).get(0);
    assertEquals(null, status.ref(), "a hook Baton does not use is acknowledged and dropped");
    assertTrue(status.eventId().startsWith("c1:outbox_status:"));
  }

  @Test
  void anEventWithoutItsIdsOrABodyThatIsNotJsonIsRefused() {
    assertThrows(IllegalArgumentException.class,
        () -> webhooks.events(request("c1", "{\"hook_type\":\"inbox\",\"client_id\":5}", Map.of())));
    assertThrows(IllegalArgumentException.class,
        () -> webhooks.events(request("c1", "{\"hook_type\":\"close_dialog\",\"client_id\":5}", Map.of())));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("c1", "not json", Map.of())));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("c1", "[1]", Map.of())));
    assertThrows(IllegalArgumentException.class,
        () -> webhooks.events(request("", "{\"hook_type\":\"inbox\",\"message_id\":1,\"client_id\":5}", Map.of())));
  }

  @Test
  void settingsAreCheckedAndAWrongOneIsNamed() {
    Chat2DeskSettings defaults = Chat2DeskSettings.of(Map.of());
    assertEquals(new Chat2DeskSettings(null, false, null, null, "X-Chat2Desk-Signature", "HmacSHA256"), defaults);
    assertEquals(new Chat2DeskSettings("42", true, "7", "https://baton.example.com/x", "X-Sig", "HmacSHA512"),
        Chat2DeskSettings.of(Map.of("operatorId", " 42 ", "serviceMessages", "true", "externalChannelId", "7",
            "webhookUrl", "https://baton.example.com/x", "signatureHeader", "X-Sig",
            "signatureAlgorithm", "HmacSHA512")));
    assertEquals("the setting operatorId must be a Chat2Desk operator id (a number), got 'bot'",
        assertThrows(IllegalArgumentException.class, () -> Chat2DeskSettings.of(Map.of("operatorId", "bot")))
            .getMessage());
    assertEquals("the setting serviceMessages must be true or false, got 'yes'",
        assertThrows(IllegalArgumentException.class, () -> Chat2DeskSettings.of(Map.of("serviceMessages", "yes")))
            .getMessage());
    assertThrows(IllegalArgumentException.class, () -> Chat2DeskSettings.of(Map.of("webhookUrl", "ftp://x")));
    assertThrows(IllegalArgumentException.class, () -> Chat2DeskSettings.of(Map.of("signatureAlgorithm", "MD5")));
  }
}
