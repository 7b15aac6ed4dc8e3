package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.ChatQueued;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.events.ZendeskSupportHandover;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to Zendesk Support tickets ({@code zendesk_support}). A start opens the ticket ({@link TicketOpening}:
 * found by external_id or created, with the transcript, requester, group, tags and fields), or adopts the ticket of
 * an agent-initiated conversation; the chat is queued once the ticket exists. The visitor's lines become the
 * requester's comments in batched updates ({@link TicketComments}); Support's webhooks make the chat's owner read the
 * ticket again ({@link TicketActivity}). Baton ending the chat leaves a private note and solves the ticket.
 */
final class SupportPlatform implements ChatPlatform<SupportTicket> {
  private final SupportClient client;
  private final PlatformCalls calls;
  private final SupportAccounts accounts;
  private final TicketOpening opening;
  private final TicketComments comments;
  private final TicketActivity activity;
  private final TicketReads reads;
  private final TicketEnding ending;
  private final TicketLinkCodec codec = new TicketLinkCodec();

  SupportPlatform(SupportClient client, PlatformCalls calls, SupportAccounts accounts, UpdateBudget budget) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.opening = new TicketOpening(client, calls);
    this.reads = new TicketReads(client, calls);
    this.ending = new TicketEnding(client, calls);
    this.comments = new TicketComments(client, calls, accounts, budget, reads);
    this.activity = new TicketActivity(client, calls, accounts, codec, reads);
  }

  @Override
  public Platform platform() {
    return Platform.zendesk_support;
  }

  @Override
  public LinkCodec<SupportTicket> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<SupportTicket> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof ZendeskSupportHandover payload)) {
      return CompletableFuture.failedFuture(
          new IllegalArgumentException("the handover payload is not a Zendesk Support one"));
    }
    for (String field : payload.getCustomFields().keySet()) {
      if (!field.matches("\\d{1,20}")) {
        return CompletableFuture.failedFuture(new IllegalArgumentException(
            "customFields are keyed by Zendesk ticket field id (a number), not '" + field + "'"));
      }
    }
    if (payload.getTicketId() != null && !payload.getTicketId().matches("\\d{1,20}")) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("ticketId is not a Zendesk ticket id: "
          + payload.getTicketId()));
    }
    if (chat.state() == null) {
      chat.state(new SupportTicket(accounts.connections().resolve(chat.connectionId())));
    }
    return accounts.active(chat.state().connection).thenCompose(account -> advance(chat, account, start, payload));
  }

  private CompletableFuture<Void> advance(Chat<SupportTicket> chat, SupportAccount account, StartChat start,
      ZendeskSupportHandover payload) {
    SupportTicket t = chat.state();
    CompletableFuture<Void> step = switch (t.step) {
      case NEW -> (payload.getTicketId() != null ? adopt(account, t, Long.parseLong(payload.getTicketId()))
          : opening.ticket(account, chat.handoverId(), start, payload).thenAccept(ticket -> {
            t.ticketId = ticket.path("id").asLong();
            t.requesterId = ticket.path("requester_id").asLong(-1);
          }).thenCompose(x -> reads.comments(account, t.ticketId)).thenAccept(all -> {
            // The transcript is the ticket's first comment: the agent side starts after it.
            all.forEach(c -> t.cursor = Math.max(t.cursor, c.path("id").asLong()));
          })).thenCompose(x -> {
            t.step = SupportTicket.Step.CREATED;
            return chat.ref(SupportTicket.ref(t.connection, Long.toString(t.ticketId)))
                .thenCompose(y -> chat.saveLink());
          });
      case CREATED -> {
        t.step = SupportTicket.Step.DONE;
        // The queued event and the live link land together: the handover is live exactly when the router hears it.
        yield chat.publishWithLink("queued", new ChatQueued(null, null));
      }
      case DONE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, account, start, payload));
  }

  /** An agent's ticket followed instead of a new one: its comments from the first are the agent's to relay. */
  private CompletableFuture<Void> adopt(SupportAccount account, SupportTicket t, long ticketId) {
    return calls.call(account.connection(), "GET /tickets/{id}", () -> client.get(account, "/tickets/" + ticketId))
        .thenAccept(r -> {
          JsonNode ticket = r.path("ticket");
          String status = ticket.path("status").asText("");
          if (status.equals("closed") || status.equals("solved")) {
            throw new IllegalStateException("the ticket " + ticketId + " is " + status);
          }
          t.ticketId = ticketId;
          t.requesterId = ticket.path("requester_id").asLong(-1);
          t.adopted = true;
          t.cursor = 0;
        });
  }

  @Override
  public CompletionStage<Void> send(Chat<SupportTicket> chat, String commandId, VisitorMessage message) {
    return live(chat).thenCompose(x -> comments.add(chat, commandId, message));
  }

  /** Tickets have no typing indicator. */
  @Override
  public CompletionStage<Void> typing(Chat<SupportTicket> chat, String commandId, boolean typing) {
    return live(chat);
  }

  /** Baton ends the chat: the visitor's last lines go in first, then a private note, and the ticket is solved. */
  @Override
  public CompletionStage<Void> end(Chat<SupportTicket> chat, String commandId, String reason) {
    SupportTicket t = chat.state();
    return live(chat).thenCompose(x -> comments.drained(chat)).thenCompose(x -> accounts.active(t.connection))
        .thenCompose(account -> ending.end(account, t, reason));
  }

  private CompletableFuture<Void> live(Chat<SupportTicket> chat) {
    return chat.state() == null || chat.state().step != SupportTicket.Step.DONE
        ? CompletableFuture.failedFuture(new IllegalStateException("no Zendesk ticket for handover "
            + chat.handoverId()))
        : CompletableFuture.completedFuture(null);
  }

  /** A webhook about the ticket: read it again (the read writes what it finds). */
  @Override
  public ChatWrite activity(Chat<SupportTicket> chat, PlatformActivity event) {
    if (chat.state().step == SupportTicket.Step.DONE) {
      activity.sync(chat);
    }
    return null;
  }

  /** Opened or resumed here: what happened meanwhile is read, and lines the link still holds are sent. */
  @Override
  public void listen(Chat<SupportTicket> chat) {
    if (chat.state() != null && chat.state().step == SupportTicket.Step.DONE) {
      activity.sync(chat);
      comments.flush(chat);
    }
  }

  /**
   * The chat moves to another instance (or the connector stops): an update in flight lands first, so the next owner,
   * looking for the batch its link still holds, finds it in the ticket rather than sending it again.
   */
  @Override
  public CompletionStage<Void> stop(Chat<SupportTicket> chat) {
    SupportTicket t = chat.state();
    return t == null ? CompletableFuture.completedFuture(null)
        : t.flight.copy().completeOnTimeout(null, 10, java.util.concurrent.TimeUnit.SECONDS).handle((x, e) -> null);
  }

  @Override
  public void close() {
    client.close();
  }
}
