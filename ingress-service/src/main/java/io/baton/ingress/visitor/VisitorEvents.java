package io.baton.ingress.visitor;

import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.topics.ConversationKey;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The envelope every visitor event gets: its id (from the request, see Idempotency.Claim#eventId), the time received, the conversation. */
final class VisitorEvents {
  private VisitorEvents() {}

  static VisitorEvent event(ConversationKey key, String eventId, VisitorContext context, Object body) {
    return VisitorEvent.newBuilder()
        .setEventId(eventId)
        .setOccurredAt(Instant.now().truncatedTo(ChronoUnit.MILLIS))
        .setTenant(key.tenant())
        .setConversationId(key.conversationId())
        .setContext(context)
        .setBody(body)
        .build();
  }
}
