package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ticket updates whose answer was lost (no answer, a 5xx) or that were in flight at a crash: Zendesk may have taken
 * them, and an update has no idempotency key, so they are looked for in the ticket before the lines are sent again.
 */
final class LostUpdates {
  private static final Logger log = LoggerFactory.getLogger(LostUpdates.class);

  private final TicketReads reads;

  LostUpdates(TicketReads reads) {
    this.reads = reads;
  }

  /**
   * After an update whose answer was lost (or one in flight at a restart): the requester's comments after our last
   * one that carry the first pending lines are those updates, which went through. Lines that arrived meanwhile are
   * not in them, so each comment is matched against a prefix of the pending lines, never the whole list.
   */
  CompletableFuture<Void> reconcile(SupportAccount account, SupportTicket t) {
    return reads.comments(account, t.ticketId).thenAccept(comments -> {
      for (JsonNode c : comments) {
        long id = c.path("id").asLong();
        if (id <= t.lastVisitorComment || c.path("author_id").asLong() != t.requesterId) {
          continue;
        }
        String text = c.path("body").asText("").strip();
        List<SupportTicket.Line> pending;
        synchronized (t) {
          pending = List.copyOf(t.pending);
        }
        for (int k = 1; k <= Math.min(TicketComments.MAX_LINES, pending.size()); k++) {
          if (TicketComments.body(pending.subList(0, k)).strip().equals(text)) {
            log.info("ticket {}: {} of the visitor's lines went in before (comment {}); not sent again", t.ticketId,
                k, id);
            TicketComments.taken(t, pending.subList(0, k), id);
            UpdateBudget.updated(t, System.currentTimeMillis());
            break;
          }
        }
      }
      synchronized (t) {
        t.uncertain = false;
      }
    });
  }
}
