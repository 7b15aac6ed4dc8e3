package io.baton.connector.dixa;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.DixaHandover;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to Dixa. A start runs Dixa's escalation steps ({@link DixaEscalation}: end user, conversation imported
 * with the bot transcript, queue, tags), recording each in the link, so a restart goes on from the last step instead of
 * opening a second conversation. Visitor messages become inbound messages (their command id as {@code externalId}, so a
 * repeated command is not posted twice). Dixa's webhooks reach the chat through the runtime's inbox and become agent
 * events ({@link DixaAgentEvents}).
 */
final class DixaPlatform implements ChatPlatform<DixaChat> {
  private final DixaClient client;
  private final PlatformCalls calls;
  private final PlatformConnections connections;
  private final DixaEscalation escalation;
  private final DixaLinkCodec codec = new DixaLinkCodec();

  DixaPlatform(DixaClient client, PlatformCalls calls, PlatformConnections connections) {
    this.client = client;
    this.calls = calls;
    this.connections = connections;
    this.escalation = new DixaEscalation(client, calls);
  }

  @Override
  public Platform platform() {
    return Platform.dixa;
  }

  @Override
  public LinkCodec<DixaChat> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<DixaChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof DixaHandover payload)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not a Dixa one"));
    }
    if (payload.getWidgetId() == null || payload.getWidgetId().isBlank()) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("widgetId is required"));
    }
    if (chat.state() == null) {
      chat.state(new DixaChat(connections.resolve(chat.connectionId())));
    }
    String connection = chat.state().connection;
    return connections.active(connection).thenCompose(x -> connections.secrets(connection))
        .thenCompose(secrets -> advance(chat, secrets.get("token"), start, payload));
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(Chat<DixaChat> chat, String token, StartChat start, DixaHandover payload) {
    DixaChat dixa = chat.state();
    CompletableFuture<Void> step = switch (dixa.step) {
      case NEW -> escalation.endUser(dixa, token, "baton-" + chat.tenant() + "-" + chat.conversationId(),
          start.getHandover().getContext(), payload).thenCompose(id -> {
            dixa.endUserId = id;
            dixa.step = DixaChat.Step.END_USER;
            return chat.saveLink();
          });
      case END_USER -> escalation.importConversation(dixa, token, chat.handoverId(), start).thenCompose(csid -> {
        dixa.csid = csid;
        dixa.step = DixaChat.Step.CREATED;
        return chat.ref(DixaChat.ref(dixa.connection, csid)).thenCompose(x -> chat.saveLink());
      });
      case CREATED -> escalation.transfer(dixa, token, payload.getQueueId()).thenCompose(x -> {
        dixa.step = DixaChat.Step.QUEUED;
        return chat.saveLink();
      });
      case QUEUED -> escalation.tag(dixa, token, payload.getTags()).thenCompose(x -> {
        dixa.step = DixaChat.Step.DONE;
        // The queued event and the live link land together: the handover is live exactly when the router hears it.
        return chat.publishWithLink("queued", new ChatQueued(null, null));
      });
      case DONE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, token, start, payload));
  }

  private CompletableFuture<String> live(Chat<DixaChat> chat) {
    if (chat.state().step != DixaChat.Step.DONE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Dixa conversation for handover "
          + chat.handoverId()));
    }
    return connections.secrets(chat.state().connection).thenApply(s -> s.get("token"));
  }

  @Override
  public CompletionStage<Void> send(Chat<DixaChat> chat, String commandId, VisitorMessage message) {
    DixaChat dixa = chat.state();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("content", Map.of("value", message.getText(), "_type", "Text"));
    List<Map<String, String>> attachments = new ArrayList<>();
    for (Attachment a : message.getAttachments()) {
      attachments.add(Map.of("url", a.getUrl(), "prettyName", a.getName()));
    }
    body.put("attachments", attachments);
    body.put("_type", "Inbound");
    body.put("externalId", commandId); // a command read again is refused as a duplicate
    return live(chat).thenCompose(token -> calls.call(dixa.connection, "POST /conversations/{id}/messages",
        () -> client.call(token, "POST", "/conversations/" + dixa.csid + "/messages", body)))
        .<Void>thenApply(x -> null)
        .exceptionallyCompose(e -> DixaClient.duplicate(e) ? CompletableFuture.completedFuture(null)
            : CompletableFuture.failedFuture(DixaClient.unwrap(e)));
  }

  /** Dixa's API has no end-user typing indicator. */
  @Override
  public CompletionStage<Void> typing(Chat<DixaChat> chat, String commandId, boolean typing) {
    return live(chat).thenApply(x -> null);
  }

  @Override
  public CompletionStage<Void> end(Chat<DixaChat> chat, String commandId, String reason) {
    DixaChat dixa = chat.state();
    return live(chat).thenCompose(token -> calls.call(dixa.connection, "PUT /conversations/{id}/close",
        () -> client.call(token, "PUT", "/conversations/" + dixa.csid + "/close", Map.of()))).thenApply(x -> null);
  }

  @Override
  public ChatWrite activity(Chat<DixaChat> chat, PlatformActivity activity) {
    return chat.state().step != DixaChat.Step.DONE ? null : DixaAgentEvents.of(chat, activity);
  }

  @Override
  public void close() {
    client.close();
  }
}
