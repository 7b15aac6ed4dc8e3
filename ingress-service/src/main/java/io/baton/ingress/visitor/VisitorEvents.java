package io.baton.ingress.visitor;

import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.topics.ConversationKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

/** The envelope every visitor event gets: a new id, the time received, the conversation. */
final class VisitorEvents {
  private VisitorEvents() {}

  static VisitorEvent event(ConversationKey key, VisitorContext context, Object body) {
    return VisitorEvent.newBuilder()
        .setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setTenant(key.tenant())
        .setConversationId(key.conversationId())
        .setContext(context)
        .setBody(body)
        .build();
  }
}
