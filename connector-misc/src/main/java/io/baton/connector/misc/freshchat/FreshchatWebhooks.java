package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.RsaSignature;
import io.baton.connector.webhooks.WebhookEvent;
import io.baton.connector.webhooks.WebhookRequest;
import io.baton.connector.webhooks.WebhookSource;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;

/**
 * Freshchat's webhooks, {@code POST /webhooks/freshchat/<connection>}: one event per request, the envelope
 * {@code {actor, action, action_time, data}}, signed in {@code X-Freshchat-Signature} (base64 RSA PKCS#1 v1.5
 * SHA-256 over the raw body, checked with the account's public key, the connection's {@code publicKey} secret).
 *
 * <p>The signature covers no timestamp, but the body's {@code action_time} is signed with it: Freshchat gives up on a
 * delivery after its retries (about 21 minutes), so an event whose action is older than the replay window cannot be
 * Freshchat's and is refused as a replay; within the window the event id makes a replay harmless. Freshchat's events
 * have no id: a message's is its {@code data.message.id}, any other's its conversation, action and time.
 */
final class FreshchatWebhooks implements WebhookSource {
  static final String NAME = "freshchat";
  static final String HEADER = "X-Freshchat-Signature";

  private final RsaSignature signature = new RsaSignature("SHA256withRSA", HEADER, "publicKey");
  private final Duration replayWindow;
  private final Clock clock;

  FreshchatWebhooks(Duration replayWindow, Clock clock) {
    this.replayWindow = replayWindow;
    this.clock = clock;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean verify(WebhookRequest request, Map<String, String> secrets) {
    if (!signature.verify(request, secrets)) {
      return false;
    }
    JsonNode event = read(request);
    try {
      Instant at = Instant.parse(event == null ? "" : event.path("action_time").asText(""));
      return Duration.between(at, clock.instant()).abs().compareTo(replayWindow) <= 0;
    } catch (DateTimeParseException e) {
      return false;
    }
  }

  @Override
  public List<WebhookEvent> events(WebhookRequest request) {
    JsonNode event = read(request);
    if (event == null || !event.path("action").isTextual()) {
      throw new IllegalArgumentException("not a Freshchat webhook (no action)");
    }
    String action = event.path("action").asText();
    JsonNode data = event.path("data");
    String conversation;
    String id;
    if (action.equals("message_create")) {
      JsonNode message = data.path("message");
      conversation = message.path("conversation_id").asText("");
      id = message.path("id").asText("");
      if (id.isEmpty()) {
        throw new IllegalArgumentException("a message_create without data.message.id");
      }
    } else {
      conversation = conversationOf(action, data);
      id = conversation + "/" + action + "/" + event.path("action_time").asText("");
    }
    String ref = conversation.isEmpty() ? null : FreshchatChat.ref(request.path(), conversation);
    // One account's event may reach several connections (two Baton tenants on one account): ids are per connection.
    return List.of(new WebhookEvent(request.path() + "/" + id, ref, request.body()));
  }

  /** The conversation an assignment, resolution or reopening is about. */
  private static String conversationOf(String action, JsonNode data) {
    String holder = switch (action) {
      case "conversation_assignment" -> "assignment";
      case "conversation_resolution" -> "resolve";
      case "conversation_reopen" -> "reopen";
      default -> null;
    };
    if (holder == null) {
      return data.path("conversation").path("conversation_id").asText("");
    }
    return data.path(holder).path("conversation").path("conversation_id").asText("");
  }

  private static JsonNode read(WebhookRequest request) {
    try {
      return FreshchatClient.JSON.readTree(request.body());
    } catch (IOException e) {
      return null;
    }
  }
}
