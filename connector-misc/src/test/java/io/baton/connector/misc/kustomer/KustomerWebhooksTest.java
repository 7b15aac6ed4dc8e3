package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.webhooks.WebhookRequest;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KustomerWebhooksTest {
  private static final String TOKEN = "whk_7c1e9a";
  private static final Instant NOW = Instant.parse("2026-11-29T12:00:00Z");
  private static final String BODY = "{\"id\":\"evt-1\",\"name\":\"kustomer.message.create\",\"org\":\"o1\","
      + "\"createdAt\":\"2026-11-29T11:59:58Z\",\"data\":{\"type\":\"message\",\"id\":\"m1\",\"relationships\":"
      + "{\"conversation\":{\"data\":{\"type\":\"conversation\",\"id\":\"conv-9\"}}}}}";

  private final KustomerWebhooks webhooks = new KustomerWebhooks(Duration.ofHours(2),
      Clock.fixed(NOW, ZoneOffset.UTC));

  /** Kustomer's scheme, computed independently: lowercase hex HMAC-SHA256 of the raw body keyed with the token. */
  private static String hmac(String key, String body) throws Exception {
    Mac mac = Mac.getInstance("HmacSHA256");
    mac.init(new SecretKeySpec(key.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
    return java.util.HexFormat.of().formatHex(mac.doFinal(body.getBytes(StandardCharsets.UTF_8)));
  }

  private static WebhookRequest request(String connection, String signature, String connectionHeader, String body) {
    Map<String, List<String>> headers = new HashMap<>();
    if (signature != null) {
      headers.put("x-kustomer-webhook-signature", List.of(signature));
    }
    if (connectionHeader != null) {
      headers.put("x-baton-connection", List.of(connectionHeader));
    }
    return new WebhookRequest(connection, headers, body.getBytes(StandardCharsets.UTF_8));
  }

  private boolean verify(WebhookRequest request) {
    return webhooks.verify(request, Map.of("apiKey", "k", KustomerWebhooks.TOKEN, TOKEN));
  }

  @Test
  void takesTheHexHmacOfTheRawBodyWithTheWebhooksTokenFromItsConnection() throws Exception {
    assertEquals(hmac(TOKEN, BODY), KustomerWebhooks.sign(TOKEN, BODY.getBytes(StandardCharsets.UTF_8)));
    assertTrue(verify(request("c1", hmac(TOKEN, BODY), "c1", BODY)));
    assertTrue(verify(request("c1", hmac(TOKEN, BODY).toUpperCase(), "c1", BODY)), "hex case does not matter");
  }

  @Test
  void refusesForgedUnsignedStaleAndMisaddressedDeliveries() throws Exception {
    assertFalse(verify(request("c1", hmac(TOKEN, BODY), "c1", BODY + " ")), "another body");
    assertFalse(verify(request("c1", hmac("other", BODY), "c1", BODY)), "another key");
    assertFalse(verify(request("c1", null, "c1", BODY)), "unsigned");
    assertFalse(verify(request("c1", hmac(TOKEN, BODY), null, BODY)), "without the connection header");
    assertFalse(verify(request("c1", hmac(TOKEN, BODY), "c2", BODY)), "the header of another connection");
    String old = BODY.replace("2026-11-29T11:59:58Z", "2026-11-29T09:59:00Z");
    assertFalse(verify(request("c1", hmac(TOKEN, old), "c1", old)), "created more than two hours ago");
    String recent = BODY.replace("2026-11-29T11:59:58Z", "2026-11-29T10:01:00Z");
    assertTrue(verify(request("c1", hmac(TOKEN, recent), "c1", recent)), "a retry within the window");
    String undated = BODY.replace("\"createdAt\":\"2026-11-29T11:59:58Z\",", "");
    assertFalse(verify(request("c1", hmac(TOKEN, undated), "c1", undated)), "without createdAt");
    assertFalse(webhooks.verify(request("c1", hmac(TOKEN, BODY), "c1", BODY), Map.of("apiKey", "k")),
        "a connection whose webhook token is not known");
  }

  @Test
  void aDeliveryIsOneEventAboutItsConnectionsConversation() {
    var events = webhooks.events(request("c1", null, null, BODY));
    assertEquals(1, events.size());
    assertEquals("evt-1", events.get(0).eventId());
    assertEquals("c1/conv-9", events.get(0).ref());
    String update = "{\"id\":\"evt-2\",\"name\":\"kustomer.conversation.update\",\"data\":{\"type\":\"conversation\","
        + "\"id\":\"conv-3\",\"attributes\":{\"status\":\"done\"}}}";
    assertEquals("c1/conv-3", webhooks.events(request("c1", null, null, update)).get(0).ref());
    String customer = "{\"id\":\"evt-3\",\"name\":\"kustomer.customer.update\",\"data\":{\"type\":\"customer\","
        + "\"id\":\"cu-1\"}}";
    assertNull(webhooks.events(request("c1", null, null, customer)).get(0).ref(), "about no conversation");
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("c1", null, null, "{\"data\":{}}")));
    assertThrows(IllegalArgumentException.class, () -> webhooks.events(request("c1", null, null, "not json")));
  }
}
