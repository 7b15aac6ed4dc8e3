package io.baton.connector.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Dixa's webhooks, {@code POST /webhooks/dixa/<connection>}: one event per request, signed
 * {@code X-DIXA-SIGNATURE: t=<unix seconds>,v1=<hex>}, an HMAC-SHA256 over {@code "<t>.<raw body>"} keyed with the
 * hex-decoded secret key of the connection's subscription (learned at activation, {@link DixaSubscription}). A
 * timestamp further than {@code maxAge} from now is refused, so a captured request cannot be replayed later; within
 * that window the event id makes a replay harmless.
 */
final class DixaWebhooks implements WebhookSource {
  static final String HEADER = "X-DIXA-SIGNATURE";
  /** Where activation leaves the subscription's secret key among the connection's secrets. */
  static final String SIGNING_KEY = "dixa.signingKey";

  private final Duration maxAge;
  private final Clock clock;

  DixaWebhooks(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public String name() {
    return "dixa";
  }

  static String sign(byte[] key, long timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update((timestamp + ".").getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String keyHex = secrets.get(SIGNING_KEY);
    String header = request.header(HEADER).orElse(null);
    if (keyHex == null || header == null) {
      return false;
    }
    Long t = null;
    String v1 = null;
    for (String part : header.split(",")) {
      String p = part.trim();
      if (p.startsWith("t=")) {
        try {
          t = Long.parseLong(p.substring(2));
        } catch (NumberFormatException e) {
          return false;
        }
      } else if (p.startsWith("v1=")) {
        v1 = p.substring(3);
      }
    }
    if (t == null || v1 == null || Math.abs(clock.instant().getEpochSecond() - t) > maxAge.toSeconds()) {
      return false;
    }
    return MessageDigest.isEqual(sign(HexFormat.of().parseHex(keyHex), t, request.body())
        .getBytes(StandardCharsets.UTF_8), v1.getBytes(StandardCharsets.UTF_8));
  }

  /** One event per request: its {@code event_id}, about the conversation {@code data.conversation.csid}. */
  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode event;
    try {
      event = DixaClient.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (event == null || !event.path("event_id").isTextual()) {
      return List.of();
    }
    JsonNode csid = event.path("data").path("conversation").path("csid");
    long id = csid.asLong(-1);
    String ref = id >= 0 ? DixaChat.ref(request.path(), id) : null;
    return List.of(new WebhookEvent(event.get("event_id").asText(), ref, request.body()));
  }
}
