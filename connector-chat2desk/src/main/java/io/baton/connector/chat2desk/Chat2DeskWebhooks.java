package io.baton.connector.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.connector.webhooks.HmacSignature;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Chat2Desk's webhooks, {@code POST /webhooks/chat2desk/<connection>}: one event per request. When the connection
 * has the secret {@code webhookSecret}, the request must carry the hex HMAC of its raw body in the connection's
 * signature header, with its algorithm (both [guess]: the vendor's scheme is unconfirmed, so both are settings that
 * activation hands over here); without that secret nothing is checked.
 *
 * <p>Chat2Desk sends no event id [unconfirmed]: a message's hook is identified by its type and message id, a dialog's
 * ({@code close_dialog}, {@code dialog_transferred}) by its type, dialog id and time; the connection is part of it
 * because ids are per company. A {@code close_dialog} is two events: one for a live handover of the client (it ends
 * there) and one for the channel (the bot's service message), see {@link Chat2DeskRefs}.
 */
public final class Chat2DeskWebhooks implements WebhookSource {
  /**
   * Added to a channel event: whether the client had a live Baton handover when the webhook arrived. Decided here,
   * before the handover's own event is sent on, so the handover ending on it cannot change the answer.
   */
  public static final String HANDOVER_LIVE = "baton_handover_live";
  public static final String NAME = "chat2desk";
  /** The connection's secret that turns signature checking on. */
  public static final String SECRET = "webhookSecret";
  /** Where activation leaves the connection's signature header and algorithm among what deliveries are checked with. */
  static final String HEADER = "chat2desk.signatureHeader";
  static final String ALGORITHM = "chat2desk.signatureAlgorithm";

  private final Predicate<String> filed;

  /** @param filed whether a reference is filed by a live chat ({@code PlatformRefs}) */
  public Chat2DeskWebhooks(Predicate<String> filed) {
    this.filed = filed;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** The signature checking of a connection, as activation learned it from its settings. */
  static Map<String, String> learned(Chat2DeskSettings settings) {
    return Map.of(HEADER, settings.signatureHeader(), ALGORITHM, settings.signatureAlgorithm());
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    String secret = secrets.get(SECRET);
    if (secret == null || secret.isEmpty()) {
      return true;
    }
    String header = secrets.getOrDefault(HEADER, Chat2DeskSettings.DEFAULT_SIGNATURE_HEADER);
    String algorithm = secrets.getOrDefault(ALGORITHM, Chat2DeskSettings.DEFAULT_SIGNATURE_ALGORITHM);
    String given = request.header(header).orElse(null);
    if (given == null) {
      return false;
    }
    String expected = new HmacSignature(algorithm, secret, header, "", HmacSignature.Encoding.HEX,
        WebhookRequest::body).sign(request.body());
    return MessageDigest.isEqual(expected.getBytes(StandardCharsets.UTF_8),
        given.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    String connection = request.path();
    if (connection.isEmpty() || connection.contains("/")) {
      throw new IllegalArgumentException("the path must be /webhooks/chat2desk/<connection>");
    }
    JsonNode event;
    try {
      event = Chat2DeskClient.JSON.readTree(request.body());
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
    if (event == null || !event.isObject()) {
      throw new IllegalArgumentException("not a JSON object");
    }
    String hook = event.path("hook_type").asText("");
    String client = text(event.path("client_id"));
    if (client == null) {
      client = text(event.path("client").path("id"));
    }
    String base = connection + ":" + hook + ":";
    byte[] body = request.body();
    switch (hook) {
      case "inbox", "outbox" -> {
        String message = text(event.path("message_id"));
        if (message == null || client == null) {
          throw new IllegalArgumentException(hook + " without message_id or client_id");
        }
        return List.of(hook.equals("inbox") ? channelEvent(base + message, connection, client, event)
            : new WebhookEvent(base + message, Chat2DeskRefs.client(connection, client), body));
      }
      case "close_dialog", "dialog_transferred" -> {
        String dialog = text(event.path("dialog_id"));
        if (dialog == null || client == null) {
          throw new IllegalArgumentException(hook + " without dialog_id or client_id");
        }
        String id = base + dialog + ":" + event.path("event_time").asText("");
        WebhookEvent handover = new WebhookEvent(id, Chat2DeskRefs.client(connection, client), body);
        return hook.equals("dialog_transferred") ? List.of(handover)
            : List.of(handover, channelEvent(id + ":channel", connection, client, event));
      }
      default -> {
        // Hooks Baton does not subscribe to (outbox_status, tickets, ...): acknowledged and dropped.
        return List.of(new WebhookEvent(base + digest(body), null, body));
      }
    }
  }

  private WebhookEvent channelEvent(String id, String connection, String client, JsonNode event) {
    ((ObjectNode) event).put(HANDOVER_LIVE, filed.test(Chat2DeskRefs.client(connection, client)));
    try {
      return new WebhookEvent(id, Chat2DeskRefs.channel(connection, client),
          Chat2DeskClient.JSON.writeValueAsBytes(event));
    } catch (IOException e) {
      throw new IllegalArgumentException("not JSON");
    }
  }

  private static String text(JsonNode node) {
    return node.isNumber() || node.isTextual() && !node.asText().isBlank() ? node.asText() : null;
  }

  private static String digest(byte[] body) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(body));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
