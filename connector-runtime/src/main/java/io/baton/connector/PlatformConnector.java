package io.baton.connector;

import io.baton.events.ConnectorCommand;
import io.baton.events.PlatformLink;
import java.util.concurrent.CompletionStage;

/**
 * One helpdesk's side of Baton: turns commands into platform calls, and platform activity into agent events
 * (through {@link AgentEvents}). The {@link ConnectorHost} feeds it commands in per-conversation order.
 */
public interface PlatformConnector extends AutoCloseable {
  /** Carries out one command; completes when the platform accepted it, exceptionally when it refused. */
  CompletionStage<Void> handle(ConnectorCommand command);

  /** Picks a live chat up again from its durable link after a restart or a partition move. */
  void resume(PlatformLink link);

  @Override
  void close();
}
