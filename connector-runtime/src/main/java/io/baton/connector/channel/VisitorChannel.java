package io.baton.connector.channel;

import io.baton.events.ConnectorCommand;
import io.baton.events.DeliverToVisitor;
import java.util.concurrent.CompletionStage;

/**
 * The slot of a platform that is also the visitor's channel (the visitor writes from its inbox: Chat2Desk, Sunshine
 * Conversations): the router's bot and agent messages for that visitor, to be posted there. What the visitor writes
 * comes back through {@link VisitorEvents}.
 */
@FunctionalInterface
public interface VisitorChannel {
  /** Posts the message to the visitor; {@code command.getEventId()} is stable across repeats (idempotency key). */
  CompletionStage<Void> deliver(ConnectorCommand command, DeliverToVisitor delivery);
}
