package io.baton.connector.chat2desk.handover;

import io.baton.connector.chat2desk.Chat2DeskSettings;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ChatQueued;
import io.baton.events.StartChat;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * A handover's steps, each recorded in the link once Chat2Desk took it ({@link Chat2DeskChat.Step}): the client's
 * dialog (found open for a Chat2Desk visitor; for a widget visitor, created by injecting the transcript into the
 * external channel), filed so its webhooks find the chat; the operator chosen ({@link OperatorChoice}) and recorded;
 * then the dialog given to them (queued and joined at once) or put into the group's queue (queued; an operator joins
 * when Chat2Desk assigns it).
 */
final class Chat2DeskEscalation {
  /** A choice that refuses the handover, as the start's failure (its message is the reason). */
  static final class Refused extends IllegalStateException {
    Refused(String reason) {
      super(reason);
    }
  }

  private final Chat2DeskDialogs dialogs;
  private final Chat2DeskOperators operators;
  private final Chat2DeskWidgetVisitors widgetVisitors;

  Chat2DeskEscalation(Chat2DeskDialogs dialogs, Chat2DeskOperators operators,
      Chat2DeskWidgetVisitors widgetVisitors) {
    this.dialogs = dialogs;
    this.operators = operators;
    this.widgetVisitors = widgetVisitors;
  }

  /** Does the chat's next step, records it, and goes on until Chat2Desk has the dialog. */
  CompletableFuture<Void> advance(Chat<Chat2DeskChat> chat, String token, Chat2DeskSettings settings, StartChat start,
      Chat2DeskHandover payload) {
    Chat2DeskChat c2d = chat.state();
    CompletableFuture<Void> step = switch (c2d.step) {
      case NEW -> dialog(chat, token, settings, start).thenCompose(x -> {
        c2d.step = Chat2DeskChat.Step.DIALOG;
        return chat.ref(Chat2DeskPlatform.ref(c2d)).thenCompose(y -> chat.saveLink());
      });
      case DIALOG -> choose(c2d, token, settings, payload).thenCompose(x -> {
        c2d.step = Chat2DeskChat.Step.CHOSEN;
        return chat.saveLink();
      });
      case CHOSEN -> handOver(chat, token, payload);
      case QUEUED, LIVE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, token, settings, start, payload));
  }

  /** The client's dialog: the Chat2Desk visitor's open one, or the one the widget visitor's transcript opened. */
  private CompletableFuture<Void> dialog(Chat<Chat2DeskChat> chat, String token, Chat2DeskSettings settings,
      StartChat start) {
    Chat2DeskChat c2d = chat.state();
    if (!c2d.external) {
      return dialogs.open(c2d.connection, token, c2d.clientId).thenAccept(dialog -> {
        if (dialog == null) {
          throw new Refused("Chat2Desk client " + c2d.clientId + " has no open dialog to hand over");
        }
        c2d.dialogId = dialog.id();
        c2d.lastMessageId = dialog.lastMessageId();
      });
    }
    String name = start.getHandover().getContext() == null ? null : start.getHandover().getContext().getName();
    return widgetVisitors.transcript(c2d.connection, token, settings.externalChannelId(),
        Chat2DeskWidgetVisitors.externalId(chat.tenant(), chat.conversationId()),
        name == null || name.isBlank() ? "Visitor" : name, chat.handoverId(), start.getTranscript())
        .thenAccept(injected -> {
          if (injected.clientId() == null || injected.dialogId() == null) {
            throw new IllegalStateException("Chat2Desk's inbox answer names no client or dialog");
          }
          c2d.clientId = injected.clientId();
          c2d.dialogId = injected.dialogId();
          c2d.lastMessageId = injected.messageId();
        });
  }

  /** Reads the operators (and groups) and records who gets the dialog; a refusal fails the handover. */
  private CompletableFuture<Void> choose(Chat2DeskChat c2d, String token, Chat2DeskSettings settings,
      Chat2DeskHandover payload) {
    boolean group = payload.getOperatorGroupId() != null && !payload.getOperatorGroupId().isBlank()
        && (payload.getOperatorId() == null || payload.getOperatorId().isBlank());
    CompletableFuture<Map<String, Set<String>>> groups = group ? operators.groups(c2d.connection, token)
        : CompletableFuture.completedFuture(Map.of());
    return groups.thenCompose(g -> operators.all(c2d.connection, token).thenAccept(all -> {
      OperatorChoice choice = OperatorChoice.of(payload, all, g, settings.operatorId());
      if (choice instanceof OperatorChoice.Assign assign) {
        c2d.chosenOperatorId = assign.operator().id();
        c2d.operatorName = assign.operator().name();
      } else if (choice instanceof OperatorChoice.Queue queue) {
        c2d.chosenGroupId = queue.groupId();
      } else {
        throw new Refused(((OperatorChoice.Refuse) choice).reason());
      }
    }));
  }

  /** Gives the dialog to the chosen operator, or queues it in the chosen group; the first agent events go out. */
  private CompletableFuture<Void> handOver(Chat<Chat2DeskChat> chat, String token, Chat2DeskHandover payload) {
    Chat2DeskChat c2d = chat.state();
    if (c2d.chosenOperatorId != null) {
      return dialogs.assign(c2d.connection, token, c2d.dialogId, c2d.chosenOperatorId, payload.getForceAssign())
          .thenCompose(x -> {
            c2d.operatorId = c2d.chosenOperatorId;
            c2d.step = Chat2DeskChat.Step.LIVE;
            // Queued and joined land with the live link: the handover is live exactly when the router hears it.
            return chat.write(() -> ChatWrite.event("queued", new ChatQueued(null, null))
                .and("joined-" + c2d.operatorId, new AgentJoined(c2d.operatorName, c2d.operatorId)).withLink());
          });
    }
    if (c2d.lastMessageId == null) {
      return CompletableFuture.failedFuture(new Refused("the dialog of Chat2Desk client " + c2d.clientId
          + " has no message to transfer to group " + c2d.chosenGroupId));
    }
    return dialogs.queue(c2d.connection, token, c2d.lastMessageId, c2d.chosenGroupId, payload.getForceAssign())
        .thenCompose(x -> {
          c2d.step = Chat2DeskChat.Step.QUEUED;
          return chat.publishWithLink("queued", new ChatQueued(null, null));
        });
  }
}
