package io.baton.connector.chat2desk.handover;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chat2desk.Chat2DeskClient;
import io.baton.connector.chat2desk.Chat2DeskRefs;
import io.baton.connector.chat2desk.Chat2DeskSettings;
import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.connector.connections.PlatformConnections;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to human operators in Chat2Desk. A visitor who writes from Chat2Desk ({@code c2d-<connection>-<client>})
 * is handed over inside their own dialog: it goes from the bot's operator to a human ({@link Chat2DeskEscalation}),
 * who replies in Chat2Desk itself, and Baton only logs what happens ({@link Chat2DeskAgentEvents}); the visitor's own
 * messages reach the log through the channel. A visitor of Baton's widget becomes a client of the connection's
 * external channel ({@link Chat2DeskWidgetVisitors}), with the transcript as its first messages, and its dialog is
 * handed over the same way; what they write is injected there. Either way Baton's end closes the dialog.
 */
public final class Chat2DeskPlatform implements ChatPlatform<Chat2DeskChat> {
  private final PlatformConnections connections;
  private final Chat2DeskDialogs dialogs;
  private final Chat2DeskOperators operators;
  private final Chat2DeskWidgetVisitors widgetVisitors;
  private final Chat2DeskEscalation escalation;
  private final Chat2DeskLinkCodec codec = new Chat2DeskLinkCodec();

  public Chat2DeskPlatform(Chat2DeskClient client, PlatformCalls calls, PlatformConnections connections) {
    this.connections = connections;
    this.dialogs = new Chat2DeskDialogs(client, calls);
    this.operators = new Chat2DeskOperators(client, calls);
    this.widgetVisitors = new Chat2DeskWidgetVisitors(client, calls);
    this.escalation = new Chat2DeskEscalation(dialogs, operators, widgetVisitors);
  }

  @Override
  public Platform platform() {
    return Platform.chat2desk;
  }

  @Override
  public LinkCodec<Chat2DeskChat> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<Chat2DeskChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof Chat2DeskHandover payload)) {
      return CompletableFuture
          .failedFuture(new IllegalArgumentException("the handover payload is not a Chat2Desk one"));
    }
    if (chat.state() == null) {
      String connection = connections.resolve(chat.connectionId());
      Optional<String> channelClient = Chat2DeskConversations.clientOf(chat.conversationId());
      if (channelClient.isPresent()) {
        String visitorsConnection = Chat2DeskConversations.connectionOf(chat.conversationId()).orElse("");
        if (!visitorsConnection.equals(connection)) {
          return CompletableFuture.failedFuture(new IllegalArgumentException("the visitor is a client of Chat2Desk "
              + "connection " + visitorsConnection + ", not of " + connection + ": hand over through that one"));
        }
      }
      Chat2DeskChat c2d = new Chat2DeskChat(connection, channelClient.isEmpty());
      c2d.clientId = channelClient.orElse(null);
      chat.state(c2d);
    }
    String connection = chat.state().connection;
    Chat2DeskSettings settings;
    try {
      settings = Chat2DeskSettings.of(connections.settings(connection));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
    if (chat.state().external && settings.externalChannelId() == null) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("Chat2Desk connection " + connection
          + " has no externalChannelId setting: a visitor of Baton's widget is handed over through that external "
          + "channel"));
    }
    return connections.active(connection).thenCompose(x -> token(connection))
        .thenCompose(token -> escalation.advance(chat, token, settings, start, payload));
  }

  private CompletableFuture<String> token(String connection) {
    return connections.secrets(connection).thenApply(secrets -> secrets.get("token"));
  }

  /** The connection's settings; those of a connection changed since into something unreadable fail the call. */
  private CompletableFuture<Chat2DeskSettings> settings(String connection) {
    try {
      return CompletableFuture.completedFuture(Chat2DeskSettings.of(connections.settings(connection)));
    } catch (IllegalArgumentException e) {
      return CompletableFuture.failedFuture(e);
    }
  }

  private CompletableFuture<Void> handedOver(Chat<Chat2DeskChat> chat) {
    return chat.state().handedOver() ? CompletableFuture.completedFuture(null)
        : CompletableFuture.failedFuture(new IllegalStateException("no Chat2Desk dialog handed over for "
            + chat.handoverId()));
  }

  /**
   * A widget visitor's message goes to their client in the external channel; a Chat2Desk visitor wrote in Chat2Desk
   * already (the router sends nothing then: the platform carries the chat).
   */
  @Override
  public CompletionStage<Void> send(Chat<Chat2DeskChat> chat, String commandId, VisitorMessage message) {
    Chat2DeskChat c2d = chat.state();
    if (!c2d.external) {
      return handedOver(chat);
    }
    return handedOver(chat).thenCompose(x -> settings(c2d.connection)).thenCompose(settings -> token(c2d.connection)
        .thenCompose(token -> widgetVisitors.send(c2d.connection, token, settings.externalChannelId(),
            Chat2DeskWidgetVisitors.externalId(chat.tenant(), chat.conversationId()), commandId, message)));
  }

  /** Chat2Desk's API has no typing indicator for a client. */
  @Override
  public CompletionStage<Void> typing(Chat<Chat2DeskChat> chat, String commandId, boolean typing) {
    return handedOver(chat);
  }

  /** The visitor or bot ended the handover: the dialog is closed (its {@code close_dialog} is our own echo). */
  @Override
  public CompletionStage<Void> end(Chat<Chat2DeskChat> chat, String commandId, String reason) {
    Chat2DeskChat c2d = chat.state();
    if (c2d.dialogId == null) {
      return CompletableFuture.completedFuture(null); // nothing reached Chat2Desk
    }
    return token(c2d.connection).thenCompose(token -> dialogs.close(c2d.connection, token, c2d.dialogId));
  }

  @Override
  public CompletionStage<ChatWrite> activityAsync(Chat<Chat2DeskChat> chat, PlatformActivity activity) {
    Chat2DeskChat c2d = chat.state();
    return settings(c2d.connection).thenCompose(settings -> new Chat2DeskAgentEvents(
        operator -> token(c2d.connection).thenCompose(token -> operators.name(c2d.connection, token, operator)))
        .of(chat, settings.operatorId(), activity));
  }

  @Override
  public ChatWrite activity(Chat<Chat2DeskChat> chat, PlatformActivity activity) {
    throw new UnsupportedOperationException("Chat2Desk's events are read with activityAsync");
  }

  /** How the webhooks about a client reach its handover ({@link Chat2DeskRefs}). */
  static String ref(Chat2DeskChat c2d) {
    return Chat2DeskRefs.client(c2d.connection, c2d.clientId);
  }
}
