package io.baton.sandbox.zendesk;

import java.util.List;
import java.util.Map;

/** A ticket as it was when read, with its comments (public and private), for tests and the console. */
public record TicketView(long id, String subject, String status, String priority, long requesterId,
    long submitterId, Long assigneeId, Long groupId, List<String> tags, String externalId,
    Map<Long, Object> customFields, List<Ticket.Comment> comments, String via) {

  static TicketView of(Ticket t) {
    return new TicketView(t.id, t.subject, t.status, t.priority, t.requesterId, t.submitterId, t.assigneeId,
        t.groupId, List.copyOf(t.tags), t.externalId, java.util.Collections.unmodifiableMap(
            new java.util.LinkedHashMap<>(t.customFields)),
        List.copyOf(t.comments), t.via);
  }
}
