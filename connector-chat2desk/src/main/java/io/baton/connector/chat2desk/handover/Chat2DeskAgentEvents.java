package io.baton.connector.chat2desk.handover;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.ActivityPayload;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import io.baton.events.PlatformActivity;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Chat2Desk's webhooks about a handed-over dialog as agent events. An operator's message to the client
 * ({@code outbox}, type {@code to_client}, sent by a human: not the bot's operator) is the agent's, with its
 * attachments; the first from an operator the chat did not know yet also says who joined (or took over). A
 * {@code dialog_transferred} names the dialog's new operator: joined (out of the queue), transferred (from another
 * operator), back in the queue (no operator), or back to the bot's operator, which ends the handover like a closed
 * dialog ({@code close_dialog}). Our own assignment's echo (the operator the chat has) means nothing. Events about
 * another dialog of the client (an older one) are not this handover's.
 */
final class Chat2DeskAgentEvents {
  /** An operator's name by id (read from Chat2Desk when not known yet). */
  private final Function<String, CompletableFuture<String>> names;

  Chat2DeskAgentEvents(Function<String, CompletableFuture<String>> names) {
    this.names = names;
  }

  CompletableFuture<ChatWrite> of(Chat<Chat2DeskChat> chat, String botOperator, PlatformActivity activity) {
    Chat2DeskChat c2d = chat.state();
    JsonNode event = ActivityPayload.json(activity);
    if (event == null || !c2d.handedOver()) {
      return done(null);
    }
    String dialog = Chat2DeskDialogs.text(event.path("dialog_id"));
    if (dialog != null && !dialog.equals(c2d.dialogId)) {
      return done(null);
    }
    String id = activity.getPlatformEventId();
    String operator = Chat2DeskDialogs.text(event.path("operator_id"));
    return switch (event.path("hook_type").asText()) {
      case "outbox" -> message(c2d, id, event, operator, botOperator);
      case "dialog_transferred" -> transferred(chat, id, operator, botOperator);
      case "close_dialog" -> done(ended(chat, id, "the operator closed the dialog"));
      default -> done(null); // the client's own messages are the channel's
    };
  }

  private CompletableFuture<ChatWrite> message(Chat2DeskChat c2d, String id, JsonNode event, String operator,
      String botOperator) {
    if (!"to_client".equals(event.path("type").asText()) || operator == null || operator.equals(botOperator)) {
      return done(null); // the bot's, an autoreply, a system line or an internal comment: not the agent's
    }
    List<Attachment> attachments = new ArrayList<>();
    for (JsonNode a : event.path("attachments")) {
      String url = a.path("link").asText("");
      if (!url.isEmpty()) {
        String name = a.path("name").asText("");
        attachments.add(new Attachment(url, name.isEmpty() ? url.substring(url.lastIndexOf('/') + 1) : name,
            "application/octet-stream", 0L));
      }
    }
    String text = event.path("text").asText("");
    if (operator.equals(c2d.operatorId)) {
      return done(ChatWrite.event(id, new AgentMessage(text, c2d.operatorName, attachments)));
    }
    // An operator the chat did not know: taken out of the queue, or another one writing took it over.
    return names.apply(operator).thenApply(name -> {
      SpecificRecord who = arrived(c2d, operator, name);
      return ChatWrite.event(id + "-joined", who).and(id, new AgentMessage(text, name, attachments));
    });
  }

  private CompletableFuture<ChatWrite> transferred(Chat<Chat2DeskChat> chat, String id, String operator,
      String botOperator) {
    Chat2DeskChat c2d = chat.state();
    if (operator == null) {
      if (c2d.operatorId == null) {
        return done(null);
      }
      String left = c2d.operatorName;
      c2d.operatorId = null;
      c2d.operatorName = null;
      c2d.step = Chat2DeskChat.Step.QUEUED;
      return done(ChatWrite.event(id, new AgentLeft(left)).and(id + "-queued", new ChatQueued(null, null)));
    }
    if (operator.equals(botOperator)) {
      return done(ended(chat, id, "the operator gave the dialog back to the bot"));
    }
    if (operator.equals(c2d.operatorId)) {
      return done(null); // our own assignment's echo, or a repeat
    }
    return names.apply(operator).thenApply(name -> ChatWrite.event(id, arrived(c2d, operator, name)));
  }

  /** The operator now holding the dialog: joined when it waited in a queue, else transferred to them. */
  private static SpecificRecord arrived(Chat2DeskChat c2d, String operator, String name) {
    boolean fromQueue = c2d.operatorId == null;
    c2d.operatorId = operator;
    c2d.operatorName = name;
    c2d.step = Chat2DeskChat.Step.LIVE;
    return fromQueue ? new AgentJoined(name, operator) : new ChatTransferred(name, operator);
  }

  private static ChatWrite ended(Chat<Chat2DeskChat> chat, String id, String reason) {
    SpecificRecord ended = chat.endedByPlatform(EndedBy.agent, reason);
    return ended == null ? null : ChatWrite.event(id, ended);
  }

  private static CompletableFuture<ChatWrite> done(ChatWrite write) {
    return CompletableFuture.completedFuture(write);
  }
}
