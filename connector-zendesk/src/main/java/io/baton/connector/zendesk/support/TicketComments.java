package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitor's lines as the requester's public comments, batched into ticket updates within the Update Ticket
 * limits ({@link UpdateBudget}). A line is taken once it is in the chat's link ({@link SupportTicket#pending}): the
 * router's command is then done, and the line leaves the link only with the update that put it in the ticket. Lines
 * that arrive while an update is in flight, or while the budget is spent, go into the next update, in order. An
 * update whose answer was lost (or that was in flight at a crash) is looked for among the requester's comments
 * before it is sent again, so nothing is doubled.
 */
final class TicketComments {
  private static final Logger log = LoggerFactory.getLogger(TicketComments.class);
  /** Lines per update: well within a comment's size, and a burst still goes out in a few updates. */
  static final int MAX_LINES = 100;

  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final UpdateBudget budget;
  private final VisitorFiles files;
  private final LostUpdates lost;

  TicketComments(SupportClient client, PlatformCalls calls, SupportAccounts accounts, UpdateBudget budget,
      TicketReads reads) {
    this.files = new VisitorFiles(client, calls);
    this.lost = new LostUpdates(reads);
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.budget = budget;
  }

  /** Takes the visitor's line: done once it is in the link; the ticket gets it with the next update. */
  CompletableFuture<Void> add(Chat<SupportTicket> chat, String command, VisitorMessage message) {
    SupportTicket t = chat.state();
    if (t.known(command)) {
      return CompletableFuture.completedFuture(null); // a repeated command: its line is pending or delivered
    }
    List<SupportTicket.File> files = new ArrayList<>();
    for (Attachment a : message.getAttachments()) {
      files.add(new SupportTicket.File(a.getUrl(), a.getName(), a.getContentType()));
    }
    synchronized (t) {
      t.pending.add(new SupportTicket.Line(command, message.getText(), files));
    }
    return chat.saveLink().thenRun(() -> flush(chat));
  }

  /** Sends what is pending unless an update is in flight (it sends the rest when done). */
  void flush(Chat<SupportTicket> chat) {
    SupportTicket t = chat.state();
    synchronized (t) {
      if (t.flushing || t.pending.isEmpty() || !chat.active() || t.step != SupportTicket.Step.DONE) {
        return;
      }
      t.flushing = true;
    }
    long now = System.currentTimeMillis();
    Duration wait = budget.ticketWait(t, now);
    if (wait.isZero()) {
      wait = budget.takeAccount(t.connection, now);
    }
    if (!wait.isZero()) {
      log.info("{}: the Update Ticket budget is spent; the visitor's lines wait {} ms", chat, wait.toMillis());
      retryLater(chat, wait);
      return;
    }
    CompletableFuture<Void> flight = new CompletableFuture<>();
    t.flight = flight;
    accounts.active(t.connection)
        .thenCompose(
            account -> (t.uncertain ? lost.reconcile(account, t) : CompletableFuture.<Void>completedFuture(null))
                .thenCompose(x -> send(account, t)))
        .whenComplete((sent, e) -> {
          flight.complete(null);
          if (e == null) {
            delivered(chat, sent);
            return;
          }
          int status = SupportClient.status(e);
          if (status == 404) {
            gone(chat);
            return;
          }
          int failures;
          synchronized (t) {
            // No answer or a server error: the update may have gone through. A refusal (4xx, 429) did not.
            t.uncertain = t.uncertain || status == 0 || status >= 500;
            failures = ++t.flushFailures;
          }
          log.warn("{}: the visitor's lines are not in the ticket yet ({}); trying again", chat,
              SupportClient.unwrap(e).getMessage());
          // Zendesk's Retry-After when it gave one, else longer each time the same update fails.
          calls.backoff(Math.min(failures, TicketActivity.BACKOFF_UNTIL), e).thenRun(() -> retryLater(chat,
              Duration.ZERO));
        });
  }

  /** The ticket is gone: its lines can go nowhere, and the chat ends saying so. */
  private void gone(Chat<SupportTicket> chat) {
    SupportTicket t = chat.state();
    log.warn("{}: the ticket is gone; {} of the visitor's lines cannot be delivered", chat, t.pending.size());
    chat.gone("the Zendesk ticket " + t.ticketId + " was deleted").whenComplete((x, e) -> {
      List<CompletableFuture<Void>> waiting;
      synchronized (t) {
        t.flushing = false;
        waiting = List.copyOf(t.drainWaiters);
        t.drainWaiters.clear();
      }
      waiting.forEach(w -> w.complete(null));
    });
  }

  /** One update with the first pending lines (none: nothing to send); what it carried and the comment's id. */
  private record Sent(List<SupportTicket.Line> batch, long commentId) {}

  private CompletableFuture<Sent> send(SupportAccount account, SupportTicket t) {
    List<SupportTicket.Line> batch;
    synchronized (t) {
      batch = List.copyOf(t.pending.subList(0, Math.min(MAX_LINES, t.pending.size())));
    }
    if (batch.isEmpty()) {
      return CompletableFuture.completedFuture(new Sent(batch, 0));
    }
    String body = body(batch);
    return files.uploads(account, batch).thenCompose(tokens -> put(account, t, body, tokens))
        .thenApply(id -> new Sent(batch, id));
  }

  private void delivered(Chat<SupportTicket> chat, Sent sent) {
    SupportTicket t = chat.state();
    synchronized (t) {
      t.flushFailures = 0;
    }
    if (!sent.batch().isEmpty()) {
      taken(t, sent.batch(), sent.commentId());
      UpdateBudget.updated(t, System.currentTimeMillis());
    }
    chat.saveLink().whenComplete((x, e) -> {
      synchronized (t) {
        t.flushing = false;
      }
      drained(t);
      flush(chat);
    });
  }

  /** The ticket has these lines (in comment {@code commentId}): they leave the pending ones. */
  static void taken(SupportTicket t, List<SupportTicket.Line> lines, long commentId) {
    synchronized (t) {
      t.pending.removeAll(lines);
      lines.forEach(l -> t.delivered.add(l.command()));
      while (t.delivered.size() > TicketLinkCodec.DELIVERED) {
        t.delivered.remove(t.delivered.iterator().next());
      }
      if (commentId > t.lastVisitorComment) {
        t.lastVisitorComment = commentId;
      }
    }
  }

  private void retryLater(Chat<SupportTicket> chat, Duration wait) {
    Executor later = CompletableFuture.delayedExecutor(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS);
    CompletableFuture.runAsync(() -> {
      synchronized (chat.state()) {
        chat.state().flushing = false;
      }
      flush(chat);
    }, later);
  }

  // ---- the end waits for the lines ----

  /** Completes once every line taken so far is in the ticket. */
  CompletableFuture<Void> drained(Chat<SupportTicket> chat) {
    SupportTicket t = chat.state();
    CompletableFuture<Void> done = new CompletableFuture<>();
    synchronized (t) {
      if (t.pending.isEmpty()) {
        return CompletableFuture.completedFuture(null);
      }
      t.drainWaiters.add(done);
    }
    flush(chat);
    return done;
  }

  private void drained(SupportTicket t) {
    List<CompletableFuture<Void>> done;
    synchronized (t) {
      if (!t.pending.isEmpty()) {
        return;
      }
      done = List.copyOf(t.drainWaiters);
      t.drainWaiters.clear();
    }
    done.forEach(f -> f.complete(null));
  }

  // ---- the calls ----

  /** The lines of one update: each on its own line, files named where a line has no text. */
  static String body(List<SupportTicket.Line> batch) {
    List<String> lines = new ArrayList<>();
    for (SupportTicket.Line l : batch) {
      String text = l.text() == null ? "" : l.text().strip();
      if (text.isEmpty() && !l.files().isEmpty()) {
        text = String.join(", ", l.files().stream().map(SupportTicket.File::name).toList());
      }
      lines.add(text.isEmpty() ? "(empty message)" : text);
    }
    return String.join("\n", lines);
  }

  /** One ticket update with the lines as the requester's public comment; the new comment's id (0 if not told). */
  private CompletableFuture<Long> put(SupportAccount account, SupportTicket t, String body, List<String> tokens) {
    Map<String, Object> comment = new LinkedHashMap<>();
    comment.put("body", body);
    comment.put("public", true);
    comment.put("author_id", t.requesterId);
    if (!tokens.isEmpty()) {
      comment.put("uploads", tokens);
    }
    // One try: a blind retry of an update whose answer was lost would comment twice.
    return calls.once(account.connection(), () -> client.call(account, "PUT", "/tickets/" + t.ticketId,
        Map.of("ticket", Map.of("comment", comment)))).thenApply(TicketComments::commentId);
  }

  static long commentId(JsonNode answer) {
    for (JsonNode e : answer.path("audit").path("events")) {
      if ("Comment".equals(e.path("type").asText())) {
        return e.path("id").asLong(0);
      }
    }
    return 0;
  }
}
