package io.baton.connector.chat2desk.channel;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.channel.VisitorChannel;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.connector.chat2desk.Chat2DeskSettings;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliverToVisitor;
import io.baton.events.QuickReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Chat2Desk as the visitor's channel, outbound: the router's bot (and agent) messages for a visitor who writes from
 * Chat2Desk become {@code POST /messages} to the client, sent by the bot operator when the connection has one: the
 * text in the seed's markdown subset ({@link Chat2DeskText}), cut into several messages when over the limit, quick
 * replies as a keyboard of reply buttons on the last text, each attachment as a message of its own. One after the
 * other, in order; each with {@code external_id} = the command id and the part's index, Chat2Desk's idempotency key,
 * so a repeated command sends nothing twice (Chat2Desk answers a known key with the first message).
 */
public final class Chat2DeskChannel implements VisitorChannel {
  /** Chat2Desk's keyboard [guess]: at most 10 buttons of at most 40 characters. */
  static final int MAX_BUTTONS = 10;
  static final int MAX_BUTTON_TEXT = 40;

  private final Chat2DeskClient client;
  private final PlatformCalls calls;
  private final PlatformConnections connections;
  private final int maxText;

  public Chat2DeskChannel(Chat2DeskClient client, PlatformCalls calls, PlatformConnections connections, int maxText) {
    this.client = client;
    this.calls = calls;
    this.connections = connections;
    this.maxText = maxText;
  }

  @Override
  public CompletionStage<Void> deliver(ConnectorCommand command, DeliverToVisitor delivery) {
    String clientId = Chat2DeskConversations.clientOf(command.getConversationId()).orElse(null);
    String connection = Chat2DeskConversations.connectionOf(command.getConversationId()).orElse(null);
    if (clientId == null || command.getConnectionId() != null && !command.getConnectionId().equals(connection)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("conversation " + command.getConversationId()
          + " is not a Chat2Desk conversation of connection " + command.getConnectionId()));
    }
    List<Map<String, Object>> messages;
    try {
      messages = delivery.getMessage() instanceof BotMessage bot
          ? messages(bot.getText(), bot.getQuickReplies(), bot.getAttachments())
          : messages(((AgentMessage) delivery.getMessage()).getText(), List.of(),
              ((AgentMessage) delivery.getMessage()).getAttachments());
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    // Settings are known once the secrets are (after a restart the connection may still be on its way).
    return connections.secrets(connection).thenCompose(secrets -> {
      Chat2DeskSettings settings = Chat2DeskSettings.of(connections.settings(connection));
      CompletableFuture<Void> sent = CompletableFuture.completedFuture(null);
      for (int i = 0; i < messages.size(); i++) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("client_id", Long.parseLong(clientId));
        body.putAll(messages.get(i));
        body.put("type", "to_client");
        // After the visitor's dialog was closed the bot may write first: its message opens a dialog of the bot's,
        // so the visitor's answer reaches it again [guess: open_dialog's exact effect is unconfirmed].
        body.put("open_dialog", true);
        if (settings.operatorId() != null) {
          body.put("operator_id", Long.parseLong(settings.operatorId()));
        }
        body.put("external_id", messages.size() == 1 ? command.getEventId() : command.getEventId() + ":" + i);
        sent = sent.thenCompose(x -> calls.call(connection, "POST /messages",
            () -> client.data(secrets.get("token"), "POST", "/messages", body))).thenApply(x -> null);
      }
      return sent;
    });
  }

  /** The messages one Baton message becomes, without their client, sender and key. */
  List<Map<String, Object>> messages(String text, List<QuickReply> quickReplies, List<Attachment> attachments) {
    if (quickReplies.size() > MAX_BUTTONS) {
      throw new IllegalArgumentException("Chat2Desk shows at most " + MAX_BUTTONS + " buttons; the message has "
          + quickReplies.size());
    }
    List<Map<String, Object>> messages = new ArrayList<>();
    for (String part : Chat2DeskText.parts(Chat2DeskText.markdown(text == null ? "" : text), maxText)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("text", part);
      messages.add(m);
    }
    if (!quickReplies.isEmpty() && messages.isEmpty()) {
      throw new IllegalArgumentException("quick replies need a text to go with on Chat2Desk");
    }
    if (!quickReplies.isEmpty()) {
      List<Map<String, Object>> buttons = new ArrayList<>();
      for (QuickReply reply : quickReplies) {
        buttons.add(Map.of("type", "reply", "text", button(reply.getTitle()), "payload", reply.getPayload()));
      }
      messages.get(messages.size() - 1).put("keyboard", Map.of("buttons", buttons));
    }
    for (Attachment a : attachments) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("attachment", a.getUrl());
      m.put("attachment_filename", a.getName());
      messages.add(m);
    }
    return messages;
  }

  /** A title over the button limit is shortened; the payload, which the bot matches on, stays whole. */
  private static String button(String title) {
    return title.length() <= MAX_BUTTON_TEXT ? title : title.substring(0, MAX_BUTTON_TEXT - 1).stripTrailing() + "…";
  }
}
