package io.baton.connector.zendesk.support;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;

/**
 * Support's state of one handover, kept in its link ({@link TicketLinkCodec}): the ticket, its requester, the last
 * comment the agent side looked at, the agent, and the visitor's lines not yet in the ticket. The visitor's lines live
 * here between the router's command and the ticket update that carries them ({@link TicketComments}): a command is
 * taken once its line is in the link, and a line leaves the link only once the ticket has it.
 */
final class SupportTicket {
  enum Step {
    /** Nothing at Zendesk yet (or a ticket created whose answer was lost: found by external_id). */
    NEW,
    /** The ticket exists. */
    CREATED,
    /** Queued: the chat is live. */
    DONE
  }

  /** A visitor's line waiting for the next ticket update. */
  record Line(String command, String text, List<File> files) {}

  /** A visitor's file, uploaded when its line goes out. */
  record File(String url, String name, String contentType) {}

  final String connection;
  volatile Step step = Step.NEW;
  volatile long ticketId = -1;
  volatile long requesterId = -1;
  /** An agent-initiated ticket adopted rather than created. */
  volatile boolean adopted;
  /** The last ticket comment the agent side handled (relayed or skipped). */
  volatile long cursor;
  volatile long agentId = -1;
  volatile String agentName;
  /** The agent is the ticket's assignee (not only the author of a reply before anyone was assigned). */
  volatile boolean assigned;
  /** Our last comment of the visitor's lines: after it, a batch whose answer was lost is looked for. */
  volatile long lastVisitorComment;
  /** Guarded by {@code this}. */
  final List<Line> pending = new ArrayList<>();
  /** The commands whose lines the ticket has (the latest ones): a repeated command is not added again. */
  final LinkedHashSet<String> delivered = new LinkedHashSet<>();
  /** When our recent ticket updates went out (epoch ms): the per-ticket Update Ticket budget. */
  final List<Long> updates = new ArrayList<>();

  // Not in the link: what runs now on this instance.
  boolean flushing;
  /** The update in flight (done when none is): a chat moving to another instance waits for it. */
  volatile java.util.concurrent.CompletableFuture<Void> flight = java.util.concurrent.CompletableFuture
      .completedFuture(null);
  /** A batch went out without a clear answer (or before a restart): look for it before sending it again. */
  boolean uncertain;
  /** Ends waiting for the pending lines to be in the ticket (guarded by {@code this}). */
  final List<java.util.concurrent.CompletableFuture<Void>> drainWaiters = new ArrayList<>();
  boolean syncing;
  boolean syncAgain;
  /** Reads of the ticket that failed in a row (guarded by {@code this}): the next one waits longer. */
  int readFailures;
  /** Ticket updates that failed in a row (guarded by {@code this}): the next one waits longer. */
  int flushFailures;
  /** A read after failures is waiting (guarded by {@code this}). */
  boolean retryScheduled;

  SupportTicket(String connection) {
    this.connection = connection;
  }

  /** How webhooks about a ticket find its chat ({@code PlatformRefs}). */
  static String ref(String connection, String ticketId) {
    return connection + "/" + ticketId;
  }

  synchronized boolean known(String command) {
    return delivered.contains(command) || pending.stream().anyMatch(l -> l.command().equals(command));
  }

  @Override
  public String toString() {
    return "SupportTicket[" + ticketId + ", " + step + "]";
  }
}
