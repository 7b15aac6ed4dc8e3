package io.baton.connector.zendesk.support;

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
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Zendesk Support's webhooks, {@code POST /webhooks/zendesk_support/<connection>}: one trigger firing per request,
 * the body Baton's trigger templates render ({@link SupportTriggers}), signed
 * {@code X-Zendesk-Webhook-Signature: base64(HMAC-SHA256(signing secret, timestamp + raw body))} with the timestamp in
 * {@code X-Zendesk-Webhook-Signature-Timestamp}. The signing secret is the connection's webhook's, learned at
 * activation ({@link SupportActivation}) and read again when an admin reset it ({@link SigningSecrets}). A timestamp further than {@code maxAge} from now is refused as a replay.
 *
 * <p>The event id comes from the body: the trigger's kind, the ticket id, the ticket's update time and its latest
 * comment's id as rendered (a redelivery of the same firing carries the same); the reference is the ticket. What a ticket event means is read
 * back from the API by the chat's owner ({@link TicketActivity}), so a missed or repeated webhook changes nothing.
 */
final class SupportWebhooks implements WebhookSource {
  static final String NAME = "zendesk_support";
  static final String SIGNATURE = "X-Zendesk-Webhook-Signature";
  static final String TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp";
  /** Where activation leaves the webhook's signing secret among the connection's secrets. */
  static final String SIGNING_SECRET = "zendesk.signingSecret";
  /** Where activation leaves the webhook's id: the signing secret is read again there ({@link SigningSecrets}). */
  static final String WEBHOOK_ID = "zendesk.webhookId";
  /** The reference prefix of an agent-initiated ticket's event: no chat has it yet ({@link AgentInitiated}). */
  static final String PROACTIVE = "proactive:";

  private final Duration maxAge;
  private final Clock clock;

  SupportWebhooks(Duration maxAge, Clock clock) {
    this.maxAge = maxAge;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  static String sign(String secret, String timestamp, byte[] body) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      mac.update(timestamp.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(mac.doFinal(body));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available", e);
    }
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String secret = secrets.get(SIGNING_SECRET);
    String signature = request.header(SIGNATURE).orElse(null);
    String timestamp = request.header(TIMESTAMP).orElse(null);
    if (secret == null || signature == null || timestamp == null) {
      return false;
    }
    Instant at = instant(timestamp.trim());
    if (at == null || Duration.between(at, clock.instant()).abs().compareTo(maxAge) > 0) {
      return false;
    }
    return MessageDigest.isEqual(sign(secret, timestamp, request.body()).getBytes(StandardCharsets.UTF_8),
        signature.trim().getBytes(StandardCharsets.UTF_8));
  }

  /** Zendesk sends an ISO-8601 instant; plain epoch seconds are read too. */
  private static Instant instant(String timestamp) {
    try {
      return timestamp.matches("\\d{1,12}") ? Instant.ofEpochSecond(Long.parseLong(timestamp))
          : Instant.parse(timestamp);
    } catch (DateTimeParseException | NumberFormatException e) {
      return null;
    }
  }

  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode body;
    try {
      body = SupportClient.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (body == null || !body.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String kind = body.path("baton").asText("");
    String ticket = body.path("ticket_id").asText("");
    if (!SupportTriggers.KINDS.contains(kind) || !ticket.matches("\\d{1,20}")) {
      throw new IllegalArgumentException("not one of Baton's trigger bodies (baton, ticket_id)");
    }
    String connection = request.path();
    // The connection in the id: each connection's triggers fire for every Baton ticket of the account, and the
    // firings reaching another connection's path must not make the ticket's own one a duplicate.
    String at = body.path("updated_at").asText("") + ":" + body.path("comment_id").asText("");
    String firing = connection + ":" + kind + ":" + ticket + ":" + at;
    if (kind.equals(SupportTriggers.AGENT_INITIATED)) {
      // One per firing, not per ticket: a ticket left alone (no SunCo user yet, a status or submitter the
      // connection's filter kept out before its settings changed) is checked again on its next update. Linking stays
      // once: its inputs' ids come from the ticket, and a linked ticket is tagged.
      return List.of(new WebhookEvent(firing, PROACTIVE + connection + "/" + ticket,
          request.body()));
    }
    return List.of(new WebhookEvent(firing, SupportTicket.ref(connection, ticket),
        request.body()));
  }
}
