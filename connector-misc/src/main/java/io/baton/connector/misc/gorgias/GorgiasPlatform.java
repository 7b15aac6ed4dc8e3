package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.ChatWrite;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.ChatQueued;
import io.baton.events.GorgiasHandover;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Handovers to Gorgias. A start finds or creates the customer, then the ticket with the transcript, subject, team and
 * Baton's handover id, then its tags ({@link GorgiasTickets}), recording each step in the link, so a restart goes on
 * from the last one instead of opening a second ticket; then the chat is queued (Gorgias publishes no position).
 * Visitor messages are the customer's ({@link GorgiasVisitorMessages}); Gorgias has no typing indicator, so typing
 * completes at once; Baton's end closes the ticket. Deliveries reach the chat through the runtime's inbox: the ticket
 * is read and its changes become agent events ({@link GorgiasAgentEvents}).
 */
final class GorgiasPlatform implements ChatPlatform<GorgiasChat> {
  private final GorgiasClient client;
  private final PlatformCalls calls;
  private final GorgiasAccounts accounts;
  private final GorgiasTickets tickets;
  private final GorgiasVisitorMessages messages;
  private final GorgiasAgentEvents agentEvents;
  private final GorgiasLinkCodec codec = new GorgiasLinkCodec();

  GorgiasPlatform(GorgiasClient client, PlatformCalls calls, GorgiasAccounts accounts) {
    this.client = client;
    this.calls = calls;
    this.accounts = accounts;
    this.tickets = new GorgiasTickets(client, calls);
    this.messages = new GorgiasVisitorMessages(client, calls, tickets);
    this.agentEvents = new GorgiasAgentEvents(new GorgiasAgents(client, calls));
  }

  @Override
  public Platform platform() {
    return Platform.gorgias;
  }

  @Override
  public LinkCodec<GorgiasChat> codec() {
    return codec;
  }

  @Override
  public CompletionStage<Void> open(Chat<GorgiasChat> chat, StartChat start) {
    if (!(start.getHandover().getPayload() instanceof GorgiasHandover payload)) {
      return CompletableFuture.failedFuture(new IllegalArgumentException("the handover payload is not a Gorgias one"));
    }
    if (chat.state() == null) {
      chat.state(new GorgiasChat(accounts.connections().resolve(chat.connectionId())));
    }
    return accounts.of(chat.state().connection).thenCompose(account -> advance(chat, account, start, payload));
  }

  /** Does the chat's next step, records it, and goes on, until the handover is live. */
  private CompletableFuture<Void> advance(Chat<GorgiasChat> chat, GorgiasAccount account, StartChat start,
      GorgiasHandover payload) {
    GorgiasChat gc = chat.state();
    GorgiasTickets.Visitor visitor = visitor(chat, start.getHandover().getContext(), payload);
    CompletableFuture<Void> step = switch (gc.step) {
      case NEW -> tickets.customer(account, visitor).thenCompose(id -> {
        gc.customerId = id;
        gc.step = GorgiasChat.Step.CUSTOMER;
        return chat.saveLink();
      });
      case CUSTOMER -> tickets.ticket(account, gc.customerId, chat.handoverId(), subject(payload, visitor),
          team(payload, account), start.getTranscript()).thenCompose(ticket -> {
            gc.ticketId = ticket.id();
            gc.cursor = ticket.lastMessageId();
            gc.step = GorgiasChat.Step.TICKET;
            return chat.ref(GorgiasChat.ref(gc.connection, ticket.id())).thenCompose(x -> chat.saveLink());
          });
      case TICKET -> tickets.tag(account, gc.ticketId, payload.getTags()).thenCompose(x -> {
        gc.step = GorgiasChat.Step.LIVE;
        // The queued event and the live link land together: the handover is live exactly when the router hears it.
        return chat.publishWithLink("queued", new ChatQueued(null, null));
      });
      case LIVE -> null;
    };
    return step == null ? CompletableFuture.completedFuture(null)
        : step.thenCompose(x -> advance(chat, account, start, payload));
  }

  static GorgiasTickets.Visitor visitor(Chat<?> chat, VisitorContext context, GorgiasHandover payload) {
    String name = blankToNull(payload.getName());
    String email = blankToNull(payload.getEmail());
    if (context != null) {
      name = name != null ? name : blankToNull(context.getName());
      email = email != null ? email : blankToNull(context.getEmail());
    }
    return new GorgiasTickets.Visitor(name, email, "baton:" + chat.tenant() + ":" + chat.conversationId());
  }

  /** The payload's subject, else "Chat with <name>" (or "with a visitor" when no name is known). */
  static String subject(GorgiasHandover payload, GorgiasTickets.Visitor visitor) {
    String subject = blankToNull(payload.getSubject());
    return subject != null ? subject : "Chat with " + (visitor.name() != null ? visitor.name() : "a visitor");
  }

  /** The payload's team id, else the connection's {@code teamId}; a team id is a number. */
  static String team(GorgiasHandover payload, GorgiasAccount account) {
    String team = blankToNull(payload.getTeam());
    if (team != null && !team.matches("[1-9][0-9]{0,18}")) {
      throw new IllegalArgumentException("the handover's team '" + team + "' is not a Gorgias team id (a number)");
    }
    return team != null ? team : account.settings().teamId();
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  private CompletableFuture<GorgiasAccount> live(Chat<GorgiasChat> chat) {
    if (chat.state().step != GorgiasChat.Step.LIVE) {
      return CompletableFuture.failedFuture(new IllegalStateException("no Gorgias ticket for handover "
          + chat.handoverId()));
    }
    return accounts.of(chat.state().connection);
  }

  @Override
  public CompletionStage<Void> send(Chat<GorgiasChat> chat, String commandId, VisitorMessage message) {
    return live(chat).thenCompose(account -> messages.send(account, chat.state(), commandId, message));
  }

  /** Gorgias's API has no typing indicator. */
  @Override
  public CompletionStage<Void> typing(Chat<GorgiasChat> chat, String commandId, boolean typing) {
    return live(chat).thenApply(x -> null);
  }

  /** The visitor or bot ended the handover: the ticket is closed (the delivery that follows is our echo). */
  @Override
  public CompletionStage<Void> end(Chat<GorgiasChat> chat, String commandId, String reason) {
    GorgiasChat gc = chat.state();
    if (gc.step == GorgiasChat.Step.NEW || gc.step == GorgiasChat.Step.CUSTOMER) {
      return CompletableFuture.completedFuture(null); // no ticket reached Gorgias
    }
    return accounts.of(gc.connection).thenCompose(account -> calls.call(gc.connection, "PUT /tickets/{id}",
        () -> client.call(account, "PUT", "/tickets/" + GorgiasClient.query(gc.ticketId), "PUT /tickets/{id}",
            Map.of("status", "closed"))))
        .thenApply(x -> null);
  }

  @Override
  public CompletionStage<ChatWrite> activityAsync(Chat<GorgiasChat> chat, PlatformActivity activity) {
    GorgiasChat gc = chat.state();
    if (gc.step != GorgiasChat.Step.LIVE || chat.ended()) {
      return CompletableFuture.completedFuture(null);
    }
    return accounts.of(gc.connection).thenCompose(account -> calls.call(gc.connection, "GET /tickets/{id}",
        () -> client.call(account, "GET", "/tickets/" + GorgiasClient.query(gc.ticketId), "GET /tickets/{id}", null))
        .thenCompose(ticket -> messagesOf(account, gc, ticket)
            .thenCompose(list -> agentEvents.of(chat, account, ticket, list))));
  }

  /** The ticket's messages, oldest first: those it embeds, else its listing. */
  private CompletableFuture<List<JsonNode>> messagesOf(GorgiasAccount account, GorgiasChat gc, JsonNode ticket) {
    if (!ticket.path("messages").isArray()) {
      return tickets.messages(account, gc.ticketId);
    }
    List<JsonNode> list = new ArrayList<>();
    ticket.path("messages").forEach(list::add);
    list.sort((a, b) -> Long.compare(a.path("id").asLong(), b.path("id").asLong()));
    return CompletableFuture.completedFuture(list);
  }

  @Override
  public ChatWrite activity(Chat<GorgiasChat> chat, PlatformActivity activity) {
    throw new UnsupportedOperationException("Gorgias's deliveries are read with activityAsync");
  }

  @Override
  public void close() {
    client.close();
  }
}
