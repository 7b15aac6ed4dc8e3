package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.util.List;
import java.util.Map;

/**
 * What one ticket create or update did: the fields before it (null on create), the comment it added (or null), who
 * made it and through which channel ({@code api} or {@code web}), and its audit. Triggers are evaluated on it.
 */
record TicketChange(Ticket ticket, Map<String, Object> before, Ticket.Comment comment, SupportUser actor, String via,
    long auditId, List<Map<String, Object>> events) {
  boolean created() {
    return before == null;
  }

  /** The update's audit as Create Ticket and Update Ticket answer it. */
  Map<String, Object> audit() {
    return KitJson.object("id", auditId, "ticket_id", ticket.id(), "created_at",
        ticket.updatedAt.toString(), "author_id", actor.id(), "metadata", Map.of(), "via",
        KitJson.object("channel", via), "events", events);
  }

  /** Zendesk's via ids as the {@code current_via_id} condition compares them: web form 0, web service (API) 5. */
  int viaId() {
    return "api".equals(via) ? 5 : 0;
  }
}
