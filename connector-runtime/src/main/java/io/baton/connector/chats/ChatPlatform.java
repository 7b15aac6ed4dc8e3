package io.baton.connector.chats;

import io.baton.events.EndChat;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The slot a platform fills: what opening, writing to, typing in and ending a chat mean at that helpdesk, and how
 * its agent activity becomes agent events. Everything else of a chat's life ({@link Chats}: the registry, guards,
 * replays, ordered writes, event ids, echoes, resume and release) is the runtime's.
 *
 * <p>Calls for one chat come one at a time, in the conversation's order; calls for different chats overlap, so none
 * may block. A refused call completes exceptionally (after the retries of the runtime's {@code PlatformCalls}); the
 * runtime turns that into a handover-failed or delivery-failed event.
 *
 * @param <S> the platform's state of one chat, kept in the chat's link through {@link #codec}
 */
public interface ChatPlatform<S> {
  Platform platform();

  /** How {@code S} is written into and read back from the chat's link. */
  LinkCodec<S> codec();

  /**
   * Opens the chat at the platform: sets the chat's state ({@link Chat#state(Object)}) and records progress
   * ({@link Chat#saveLink}) as it goes. A repeated start (a command read again after a crash) comes with the state
   * recorded so far, and goes on from there instead of opening a second chat. Completes once the platform took it.
   */
  CompletionStage<Void> open(Chat<S> chat, StartChat start);

  /** The visitor's message; {@code commandId} is stable across repeats, for the platform's idempotency keys. */
  CompletionStage<Void> send(Chat<S> chat, String commandId, VisitorMessage message);

  /** The visitor typing or not; platforms without a typing indicator complete at once. */
  CompletionStage<Void> typing(Chat<S> chat, String commandId, boolean typing);

  /**
   * Closes the chat at the platform for the visitor or bot ({@link EndChat}). Until it completes,
   * {@link Chat#ending()} is true, so the platform's echo of this close is not relayed as the agent's.
   */
  CompletionStage<Void> end(Chat<S> chat, String commandId, String reason);

  /**
   * Starts receiving the chat's agent activity that the connector fetches itself (a long poll, a stream): once per
   * chat and instance, after it opened or when it was resumed here. Webhook platforms need nothing here.
   */
  default void listen(Chat<S> chat) {}

  /** Stops receiving (the chat moved to another instance, or the connector stops); completes once nothing runs. */
  default CompletionStage<Void> stop(Chat<S> chat) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * One event the platform pushed about this chat (a webhook, received by any instance and handed to this one in
   * the conversation's lane): the agent events it means, or null. The runtime writes them with the chat's link and
   * the event's id, so an event delivered again, even after a restart, is dropped.
   */
  default ChatWrite activity(Chat<S> chat, PlatformActivity activity) {
    throw new UnsupportedOperationException(platform() + " takes no pushed events");
  }

  /**
   * {@link #activity} for a platform that must ask it something first (an agent's name the event gives only by id):
   * the conversation's next command waits until it completes, so order is kept.
   */
  default CompletionStage<ChatWrite> activityAsync(Chat<S> chat, PlatformActivity activity) {
    return CompletableFuture.completedFuture(activity(chat, activity));
  }

  default void close() {}
}
