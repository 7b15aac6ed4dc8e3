package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.HmacSignature;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Kustomer's outbound webhooks, {@code POST /webhooks/kustomer/<connection>}: one event per request, signed
 * {@code X-Kustomer-Webhook-Signature} (lowercase hex HMAC-SHA256 of the raw body, keyed with the token Kustomer
 * returned when the connection's webhook was registered, {@link KustomerActivation}), with the registration's header
 * naming the connection. The signature has no timestamp: an event whose signed {@code createdAt} is older than
 * {@code maxAge} (past Kustomer's retries of about an hour) is refused as a replay; within it the event id makes a
 * replay harmless.
 */
final class KustomerWebhooks implements WebhookSource {
  static final String NAME = "kustomer";
  static final String SIGNATURE = "X-Kustomer-Webhook-Signature";
  /** The header the registration asks Kustomer to send with every delivery. */
  static final String CONNECTION_HEADER = "X-Baton-Connection";
  /** Where activation leaves the webhook's signing token among what the connection's deliveries are checked with. */
  static final String TOKEN = "kustomer.webhookToken";

  private final Duration maxAge;
  private final Clock clock;

  KustomerWebhooks(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  static String sign(String token, byte[] body) {
    return HmacSignature.sha256Hex(token, SIGNATURE, "").sign(body);
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String token = secrets.get(TOKEN);
    String given = request.header(SIGNATURE).orElse(null);
    if (token == null || given == null || !request.path().equals(request.header(CONNECTION_HEADER).orElse(null))) {
      return false;
    }
    boolean signed = MessageDigest.isEqual(sign(token, request.body()).getBytes(StandardCharsets.UTF_8),
        given.trim().toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8));
    return signed && fresh(request.body());
  }

  private boolean fresh(byte[] body) {
    try {
      Instant created = Instant.parse(KustomerClient.JSON.readTree(body).path("createdAt").asText());
      return Duration.between(created, clock.instant()).abs().compareTo(maxAge) <= 0;
    } catch (IOException | DateTimeParseException e) {
      return false;
    }
  }

  /** One event per request: its {@code id}, about the conversation it names. */
  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode event;
    try {
      event = KustomerClient.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (event == null || !event.path("id").isTextual()) {
      throw new IllegalArgumentException("an event without an id");
    }
    String conversation = conversationOf(event.path("data"));
    return List.of(new WebhookEvent(event.get("id").asText(),
        conversation == null ? null : KustomerChat.ref(request.path(), conversation), request.body()));
  }

  /** The conversation an event's {@code data} is about: itself, or the one it relates to. */
  static String conversationOf(JsonNode data) {
    if ("conversation".equals(data.path("type").asText()) && data.path("id").isTextual()) {
      return data.get("id").asText();
    }
    JsonNode id = data.path("relationships").path("conversation").path("data").path("id");
    return id.isTextual() ? id.asText() : null;
  }
}
