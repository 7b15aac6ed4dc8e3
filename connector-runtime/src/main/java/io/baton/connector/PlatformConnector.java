package io.baton.connector;

import io.baton.events.ConnectorCommand;
import io.baton.events.PlatformLink;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One helpdesk's side of Baton: turns commands into platform calls, and platform activity into agent events
 * (through {@link AgentEvents}). The {@link ConnectorHost} feeds it commands in per-conversation order: the next
 * command of a conversation comes only after the previous one's stage completed; different conversations overlap,
 * so {@code handle} must not block.
 */
public interface PlatformConnector extends AutoCloseable {
  /** Carries out one command; completes when the platform accepted it, exceptionally when it refused. */
  CompletionStage<Void> handle(ConnectorCommand command);

  /**
   * The platform accepted {@code command} (its {@link #handle} stage completed): record its {@code sequence} durably
   * with the conversation's state (the link's {@code baton.cmd}, {@link PlatformLinks#LAST_COMMAND}), so that a
   * redelivery after a crash, or the identical command of a regenerated router transaction, is dropped by the host
   * without calling the platform again. The host counts the command's offset as finished only once this completes.
   * Commands a connector writes to its own topic (sequence 0) are not passed here. Must not block.
   */
  default CompletionStage<Void> handled(ConnectorCommand command) {
    return CompletableFuture.completedFuture(null);
  }

  /** Picks a live chat up again from its durable link after a restart or when its partition moved here. */
  void resume(PlatformLink link);

  /**
   * Lets go of a live chat whose partition moved to another instance: stop polling it; completes when nothing of
   * it is being written any more, so the next owner reads its latest link.
   */
  default CompletionStage<Void> release(PlatformLink link) {
    return CompletableFuture.completedFuture(null);
  }

  /**
   * The link of a conversation could not be read at all (its bytes are already a dead letter): that conversation
   * must end with the reason when its next command comes, while every other conversation goes on.
   */
  default void unreadable(String conversationKey, String reason) {}

  @Override
  void close();
}
