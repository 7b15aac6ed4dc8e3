package io.baton.connector.chat2desk.handover;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.events.Attachment;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

/**
 * A visitor of Baton's widget as a client of the connection's external channel: what they write is injected with
 * {@code POST /messages/inbox} (the client is created by its first message, found again by its {@code external_id},
 * derived from the conversation), each message with an {@code external_id} of its own so a repeat sends nothing
 * twice. The bot transcript goes first, so the operator reads how the conversation got here.
 */
final class Chat2DeskWidgetVisitors {
  /** Chat2Desk's longest message text [guess]. */
  static final int MAX_TEXT = 4096;

  /** What a message injection answered: the client and dialog it landed in, and the message's id. */
  record Injected(String clientId, String dialogId, String messageId) {}

  private final Chat2DeskClient client;
  private final PlatformCalls calls;

  Chat2DeskWidgetVisitors(Chat2DeskClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** The client's external id: stable per Baton conversation, so every message reaches the same client. */
  static String externalId(String tenant, String conversationId) {
    return "baton-" + UUID.nameUUIDFromBytes((tenant + "/" + conversationId).getBytes(StandardCharsets.UTF_8));
  }

  /** The transcript as the client's first messages, each at most {@link #MAX_TEXT}; completes with the last one's. */
  CompletableFuture<Injected> transcript(String connection, String token, String channelId, String externalId,
      String nickname, String handoverId, List<TranscriptEntry> entries) {
    List<String> parts = transcriptParts(entries);
    CompletableFuture<Injected> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < parts.size(); i++) {
      String text = parts.get(i);
      String key = handoverId + "#transcript-" + i;
      chain = chain.thenCompose(x -> inject(connection, token, channelId, externalId, nickname, key, text, null));
    }
    return chain;
  }

  /** The transcript's lines ("Visitor: ...", "Bot: ..."), cut into messages; one line when there is none. */
  static List<String> transcriptParts(List<TranscriptEntry> entries) {
    List<String> lines = new ArrayList<>();
    lines.add(entries.isEmpty() ? "Handed over by the bot." : "Handed over by the bot. The conversation so far:");
    for (TranscriptEntry e : entries) {
      lines.add(TranscriptLines.line(e));
    }
    List<String> parts = new ArrayList<>();
    StringBuilder part = new StringBuilder();
    for (String line : lines) {
      for (String piece : cut(line)) {
        if (part.length() > 0 && part.length() + 1 + piece.length() > MAX_TEXT) {
          parts.add(part.toString());
          part.setLength(0);
        }
        part.append(part.length() == 0 ? "" : "\n").append(piece);
      }
    }
    parts.add(part.toString());
    return parts;
  }

  /** A text cut into pieces Chat2Desk takes (at most {@link #MAX_TEXT} each). */
  static List<String> cut(String text) {
    List<String> pieces = new ArrayList<>();
    for (int at = 0; at < text.length(); at += MAX_TEXT) {
      pieces.add(text.substring(at, Math.min(text.length(), at + MAX_TEXT)));
    }
    return pieces.isEmpty() ? List.of("") : pieces;
  }

  /**
   * The visitor's message: its text (cut where longer than Chat2Desk takes) and each attachment as a message of its
   * own (a URL), keyed by the command id.
   */
  CompletableFuture<Void> send(String connection, String token, String channelId, String externalId,
      String commandId, VisitorMessage message) {
    CompletableFuture<Injected> chain = CompletableFuture.completedFuture(null);
    List<String> pieces = message.getText().isEmpty() ? List.of() : cut(message.getText());
    for (int i = 0; i < pieces.size(); i++) {
      String key = i == 0 ? commandId : commandId + "#" + i;
      String text = pieces.get(i);
      chain = chain.thenCompose(x -> inject(connection, token, channelId, externalId, null, key, text, null));
    }
    List<Attachment> attachments = message.getAttachments();
    for (int i = 0; i < attachments.size(); i++) {
      Attachment a = attachments.get(i);
      String key = commandId + "#file-" + i;
      chain = chain.thenCompose(x -> inject(connection, token, channelId, externalId, null, key, a.getName(), a));
    }
    return chain.thenApply(x -> null);
  }

  private CompletableFuture<Injected> inject(String connection, String token, String channelId, String externalId,
      String nickname, String key, String text, Attachment attachment) {
    Map<String, Object> from = new LinkedHashMap<>();
    from.put("external_id", externalId);
    if (nickname != null) {
      from.put("nickname", nickname);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel_id", Long.parseLong(channelId));
    if (text != null && !text.isEmpty()) {
      body.put("text", text);
    }
    if (attachment != null) {
      body.put("attachment", attachment.getUrl());
    }
    body.put("external_id", key);
    body.put("from_client", from);
    return calls.call(connection, "POST /messages/inbox", () -> client.data(token, "POST", "/messages/inbox", body))
        .thenApply(Chat2DeskWidgetVisitors::injected);
  }

  private static Injected injected(JsonNode data) {
    return new Injected(Chat2DeskDialogs.text(data.path("client_id")), Chat2DeskDialogs.text(data.path("dialog_id")),
        Chat2DeskDialogs.text(data.path("message_id")));
  }
}
