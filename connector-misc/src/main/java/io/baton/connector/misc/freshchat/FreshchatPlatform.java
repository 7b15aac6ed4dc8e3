package io.baton.connector.misc.freshchat;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.ChatQueued;
import io.baton.events.FreshchatHandover;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to Freshchat. A start finds or creates the user and creates the conversation with the transcript
 * ({@link FreshchatOpening}), recording each step in the link, so a restart goes on from the last one instead of
 * opening a second conversation; then the chat is queued (Freshchat publishes no queue position). Visitor messages
 * are the user's ({@link FreshchatVisitorMessages}); Freshchat has no typing indicator for a user, so typing completes
 * at once; Baton's end resolves the conversation. Webhooks reach the chat through the runtime's inbox and become
 * agent events ({@link FreshchatAgentEvents}).
 */
final class FreshchatPlatform implements ChatPlatform<FreshchatChat> {
  private final FreshchatClient client;
  private final PlatformCalls calls;
  private final FreshchatAccounts accounts;
  private final FreshchatOpening opening;
  private final FreshchatVisitorMessages messages;
  private final FreshchatAgents agents;
  private final FreshchatLinkCodec codec = new FreshchatLinkCodec();

  FreshchatPlatform(FreshchatClient client, PlatformCalls calls, FreshchatAccounts accounts) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.opening = new FreshchatOpening(client, calls);
    this.messages = new FreshchatVisitorMessages(client, calls);
    this.agents = new FreshchatAgents(client, calls);
  }

  @Override
  public Platform platform() {
    return Platform.freshchat;
  }

  @Override
  public LinkCodec<FreshchatChat> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<FreshchatChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof FreshchatHandover payload)) {
      return CompletableFuture
          .failedFuture(new IllegalArgumentException("the handover payload is not a Freshchat one"));
    }
    boolean repeat = chat.state() != null;
    if (!repeat) {
      chat.state(new FreshchatChat(accounts.connections().resolve(chat.connectionId())));
    }
    return accounts.of(chat.state().connection)
        .thenCompose(account -> advance(chat, account, start, payload, repeat));
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(Chat<FreshchatChat> chat, FreshchatAccount account, StartChat start,
      FreshchatHandover payload, boolean repeat) {
    FreshchatChat fc = chat.state();
    CompletableFuture<Void> step = switch (fc.step) {
      case NEW -> opening.user(account, visitor(chat, start.getHandover().getContext(), payload))
          .thenCompose(id -> {
            fc.userId = id;
            fc.step = FreshchatChat.Step.CREATING; // recorded before the creation: a repeat looks for it first
            return chat.saveLink();
          });
      case CREATING -> opening.conversation(account, fc.userId, chat.handoverId(), start.getTranscript(), repeat)
          .thenCompose(conversation -> {
            fc.conversationId = conversation;
            fc.openingUserMessages = FreshchatOpening.userMessages(account.settings(), start.getTranscript());
            fc.step = FreshchatChat.Step.LIVE;
            return chat.ref(FreshchatChat.ref(fc.connection, conversation))
                .thenCompose(x -> chat.publishWithLink("queued", new ChatQueued(null, null)));
          });
      case LIVE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, account, start, payload, repeat));
  }

  private static FreshchatOpening.Visitor visitor(Chat<FreshchatChat> chat, VisitorContext context,
      FreshchatHandover payload) {
    String name = blankToNull(payload.getName());
    String email = blankToNull(payload.getEmail());
    if (context != null) {
      name = name != null ? name : blankToNull(context.getName());
      email = email != null ? email : blankToNull(context.getEmail());
    }
    return new FreshchatOpening.Visitor(FreshchatOpening.referenceId(chat.tenant(), chat.conversationId()), name,
        email);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private CompletableFuture<FreshchatAccount> live(Chat<FreshchatChat> chat) {
    if (chat.state().step != FreshchatChat.Step.LIVE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Freshchat conversation for handover "
          + chat.handoverId()));
    }
    return accounts.of(chat.state().connection);
  }

  @Override
  public CompletionStage<Void> send(Chat<FreshchatChat> chat, String commandId, VisitorMessage message) {
    return live(chat).thenCompose(account -> messages.send(account, chat.state(), message));
  }

  /** Freshchat's API has no typing indicator for a user. */
  @Override
  public CompletionStage<Void> typing(Chat<FreshchatChat> chat, String commandId, boolean typing) {
    return live(chat).thenApply(x -> null);
  }

  /** The visitor or bot ended the handover: the conversation is resolved (its resolution webhook is our echo). */
  @Override
  public CompletionStage<Void> end(Chat<FreshchatChat> chat, String commandId, String reason) {
    FreshchatChat fc = chat.state();
    if (fc.step != FreshchatChat.Step.LIVE) {
      return CompletableFuture.completedFuture(null); // no conversation reached Freshchat
    }
    return accounts.of(fc.connection).thenCompose(account -> calls.call(fc.connection, "PUT /conversations/{id}",
        () -> client.call(account, "PUT", "/conversations/" + FreshchatClient.query(fc.conversationId),
            Map.of("status", "resolved"))))
        .thenApply(x -> null);
  }

  @Override
  public CompletionStage<ChatWrite> activityAsync(Chat<FreshchatChat> chat, PlatformActivity activity) {
    FreshchatChat fc = chat.state();
    if (fc.step != FreshchatChat.Step.LIVE) {
      return CompletableFuture.completedFuture(null);
    }
    return accounts.of(fc.connection).thenCompose(account -> new FreshchatAgentEvents(
        agent -> agents.name(account, agent), account.settings().botAgentId()).of(chat, activity));
  }

  @Override
  public ChatWrite activity(Chat<FreshchatChat> chat, PlatformActivity activity) {
    throw new UnsupportedOperationException("Freshchat's events are read with activityAsync");
  }

  @Override
  public void close() {
    client.close();
  }
}
