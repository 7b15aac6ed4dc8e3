package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The agent side of a ticket, read back from the API whenever a webhook says something changed (and when a chat is
 * resumed): the assignee (agent joined or left), the public comments of anyone but the requester after the chat's
 * cursor (agent messages, with their files; private notes and the requester's own comments are not relayed), and
 * solved or closed (the chat ends). Each event's seed is Zendesk's id of what it is about, and the cursor moves in the
 * same write, so a missed, repeated or reordered webhook changes nothing. Reads of one chat run one at a time; a
 * webhook during a read asks for one more.
 */
final class TicketActivity {
  private static final Logger log = LoggerFactory.getLogger(TicketActivity.class);
  /**
   * A second look shortly after a read that found something: two updates within the same second may render the same
   * event id (where the latest comment's id is not rendered), and the second webhook is then dropped as a repeat.
   */
  static final Duration SETTLE = Duration.ofSeconds(2);
  /**
   * The retry policy's attempt a failed read waits as: the first as its 5th (up to 3.2 s with the default policy),
   * then doubling up to the policy's cap; the read's own call was already tried several times.
   */
  static final int BACKOFF_FROM = 4;
  static final int BACKOFF_UNTIL = 10;

  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final TicketLinkCodec codec;
  private final TicketReads reads;

  TicketActivity(SupportClient client, PlatformCalls calls, SupportAccounts accounts, TicketLinkCodec codec,
      TicketReads reads) {
    this.reads = reads;
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.codec = codec;
  }

  /** Reads the ticket now (or after the read running now), then once more a little later. */
  void sync(Chat<SupportTicket> chat) {
    sync(chat, true);
  }

  private void sync(Chat<SupportTicket> chat, boolean settle) {
    SupportTicket t = chat.state();
    synchronized (t) {
      if (t.syncing) {
        t.syncAgain = true;
        return;
      }
      t.syncing = true;
    }
    read(chat).whenComplete((found, e) -> {
      boolean again;
      int failures;
      boolean retry;
      synchronized (t) {
        t.syncing = false;
        again = t.syncAgain;
        t.syncAgain = false;
        failures = t.readFailures = e == null ? 0 : t.readFailures + 1;
        retry = e != null && !t.retryScheduled; // one retry waiting per chat, however many reads failed
        t.retryScheduled |= retry;
      }
      if (!chat.active()) {
        return;
      }
      if (e != null) {
        // The call's own retries are spent: wait longer each time (a webhook still reads at once).
        log.warn("{}: the ticket could not be read ({}, {} times); reading again later", chat,
            SupportClient.unwrap(e).getMessage(), failures);
        if (retry) {
          calls.backoff(Math.min(failures + BACKOFF_FROM, BACKOFF_UNTIL), e).thenRun(() -> {
            synchronized (t) {
              t.retryScheduled = false;
            }
            sync(chat, true);
          });
        }
      } else if (again) {
        later(Duration.ZERO, () -> sync(chat, true));
      } else if (settle && Boolean.TRUE.equals(found)) {
        later(SETTLE, () -> sync(chat, false));
      }
    });
  }

  private static void later(Duration wait, Runnable run) {
    CompletableFuture.runAsync(run,
        CompletableFuture.delayedExecutor(Math.max(1, wait.toMillis()), TimeUnit.MILLISECONDS));
  }

  /** Completes with whether it found something to write. */
  private CompletableFuture<Boolean> read(Chat<SupportTicket> chat) {
    SupportTicket t = chat.state();
    if (t.step != SupportTicket.Step.DONE) {
      return CompletableFuture.completedFuture(false);
    }
    return accounts.active(t.connection)
        .thenCompose(account -> reads.ticket(account, t.ticketId).exceptionallyCompose(e -> {
          if (SupportClient.status(e) == 404) {
            // The ticket (or its comments) is gone: nothing more can come from it.
            return chat.gone("the Zendesk ticket " + t.ticketId + " was deleted").thenApply(x -> null);
          }
          return CompletableFuture.failedFuture(SupportClient.unwrap(e));
        }).thenCompose(fetched -> fetched == null || !chat.active() ? CompletableFuture.completedFuture(false)
            : agents(account, t, fetched.ticket(), fetched.comments())
                .thenCompose(named -> write(chat, account, fetched.ticket(), named))));
  }

  /** What one read found, with the agents' names looked up. */
  private record Read(List<JsonNode> comments, Map<Long, String> names) {}

  private CompletableFuture<Read> agents(SupportAccount account, SupportTicket t, JsonNode ticket,
      List<JsonNode> all) {
    List<Long> ids = new ArrayList<>();
    long assignee = ticket.path("assignee_id").asLong(-1);
    if (assignee > 0 && assignee != t.agentId) {
      ids.add(assignee);
    }
    for (JsonNode c : all) {
      long author = c.path("author_id").asLong();
      if (c.path("id").asLong() > t.cursor && c.path("public").asBoolean(false) && author != t.requesterId) {
        ids.add(author);
      }
    }
    Map<Long, String> found = new ConcurrentHashMap<>();
    List<CompletableFuture<Void>> lookups = new ArrayList<>();
    for (long id : ids.stream().distinct().toList()) {
      lookups.add(reads.name(account, id).thenAccept(n -> found.put(id, n)));
    }
    return CompletableFuture.allOf(lookups.toArray(CompletableFuture[]::new)).thenApply(x -> new Read(all, found));
  }

  private CompletableFuture<Boolean> write(Chat<SupportTicket> chat, SupportAccount account, JsonNode ticket,
      Read read) {
    SupportTicket t = chat.state();
    List<ChatWrite.Event> events = new ArrayList<>();
    long agentId = t.agentId;
    String agentName = t.agentName;
    boolean assigned = t.assigned;
    long assignee = ticket.path("assignee_id").asLong(-1);
    if (assignee > 0 && assignee != agentId) {
      String name = read.names().getOrDefault(assignee, "Agent");
      // Reassigned from one agent to another: a transfer; else the first agent joins.
      events.add(new ChatWrite.Event("agent-" + assignee, agentId > 0
          ? new ChatTransferred(name, Long.toString(assignee)) : new AgentJoined(name, Long.toString(assignee))));
      agentId = assignee;
      agentName = name;
      assigned = true;
    } else if (assignee > 0) {
      assigned = true; // the agent who replied first is now the assignee too
    } else if (assignee <= 0 && assigned) {
      // Unassigned: back in the queue, waiting for another agent.
      events.add(new ChatWrite.Event("unassigned-" + agentId + "-" + t.cursor, new AgentLeft(agentName)));
      events.add(new ChatWrite.Event("requeued-" + agentId + "-" + t.cursor, new ChatQueued(null, null)));
      agentId = -1;
      agentName = null;
      assigned = false;
    }
    long cursor = t.cursor;
    for (JsonNode c : read.comments()) {
      long id = c.path("id").asLong();
      if (id <= cursor) {
        continue;
      }
      cursor = id;
      long author = c.path("author_id").asLong();
      if (!c.path("public").asBoolean(false) || author == t.requesterId) {
        continue; // private notes stay with the agents; the requester's comments are the visitor's own
      }
      String name = author == agentId && agentName != null ? agentName : read.names().getOrDefault(author, "Agent");
      if (agentId <= 0) {
        // A reply before anyone was assigned: its author is the agent of the chat.
        agentId = author;
        agentName = name;
        events.add(new ChatWrite.Event("agent-" + author, new AgentJoined(name, Long.toString(author))));
      }
      events.add(new ChatWrite.Event("comment-" + id, new AgentMessage(t.adopted ? ProactiveMessages.text(c, account)
          : ProactiveMessages.plain(c), name, attachments(c))));
    }
    String status = ticket.path("status").asText("");
    // An agent-initiated conversation ends at the connection's unlink statuses; a handover's ticket when solved.
    boolean over = t.adopted ? AgentInitiated.unlinkStatuses(account).contains(status)
        : status.equals("solved") || status.equals("closed");
    if (events.isEmpty() && !over) {
      return CompletableFuture.completedFuture(false);
    }
    long newCursor = cursor;
    long newAgent = agentId;
    String newName = agentName;
    boolean newAssigned = assigned;
    return chat.write(() -> {
      if (chat.ended()) {
        return null;
      }
      List<ChatWrite.Event> all = new ArrayList<>(events);
      if (over) {
        all.add(new ChatWrite.Event("ended", chat.endedByPlatform(EndedBy.agent, status)));
      }
      Map<String, String> state = codec.encode(t);
      state.put("cursor", Long.toString(newCursor));
      if (newAgent > 0) {
        state.put("agentId", Long.toString(newAgent));
        state.put("agentName", newName == null ? "Agent" : newName);
        state.put("assigned", Boolean.toString(newAssigned));
      } else {
        state.remove("assigned");
        state.remove("agentId");
        state.remove("agentName");
      }
      return ChatWrite.events(all).withLink(state);
    }, () -> {
      t.cursor = newCursor;
      t.agentId = newAgent;
      t.agentName = newName;
      t.assigned = newAssigned;
    }).thenApply(x -> true);
  }

  private static List<Attachment> attachments(JsonNode comment) {
    List<Attachment> files = new ArrayList<>();
    for (JsonNode a : comment.path("attachments")) {
      files.add(new Attachment(a.path("content_url").asText(), a.path("file_name").asText("file"),
          a.path("content_type").asText("application/octet-stream"), a.path("size").asLong(0)));
    }
    return files;
  }
}
