package io.baton.sandbox.gorgias;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Gorgias' agents on the agent desk: a ticket waits (QUEUED) while open with nobody assigned; accept assigns it to
 * the agent (a user found by name, or a new one signing in), say is the agent's message on the ticket's channel
 * ({@code from_agent:true}, sent by Gorgias), an internal note goes on the ticket unsent ({@link #note}), transfer
 * reassigns, leave unassigns (it waits again), end closes it. Gorgias has no typing indicator for the agent.
 */
final class GorgiasDesk {
  private final GorgiasSimulator g;
  private final Desk desk;

  GorgiasDesk(GorgiasSimulator g) {
    this.g = g;
    this.desk = Desk.of(GorgiasSimulator.NAME, this::chats, this::chat)
        .accept((id, name) -> act(id, DeskStatus.QUEUED, t -> g.tickets().assignUser(t,
            g.account().agentNamed(name).id())))
        .say((id, text) -> act(id, DeskStatus.ACTIVE, t -> g.tickets().add(t, agentMessage(t, t.channel, text))))
        .leave(id -> act(id, DeskStatus.ACTIVE, t -> g.tickets().assignUser(t, null)))
        .transfer((id, name) -> act(id, null, t -> g.tickets().assignUser(t, g.account().agentNamed(name).id())))
        .end(id -> act(id, null, t -> g.tickets().status(t, GorgiasTicket.CLOSED)))
        .refusals(e -> e instanceof GorgiasError err ? new DeskException(err.status() == 404 ? 404 : 409,
            err.getMessage()) : null)
        .build();
  }

  AgentDesk desk() {
    return desk;
  }

  /** The agent who has the ticket (or the API user) writes an internal note: never sent to the customer. */
  void note(String id, String text) {
    desk.refusing(() -> act(id, null, t -> g.tickets().add(t, agentMessage(t, GorgiasMessage.INTERNAL_NOTE,
        text))));
  }

  private GorgiasTickets.Resolved agentMessage(GorgiasTicket t, String channel, String text) {
    boolean note = GorgiasMessage.INTERNAL_NOTE.equals(channel);
    GorgiasMessageInput in = new GorgiasMessageInput(channel, note ? "internal-note" : "helpdesk", true, null, null,
        null, text, "<div>" + escape(text) + "</div>", List.of(), null, null, null);
    long sender = t.assigneeUserId != null ? t.assigneeUserId : g.account().apiUser().id();
    return new GorgiasTickets.Resolved(in, sender, note ? null : t.customerId);
  }

  private static String escape(String text) {
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
  }

  /** Runs the action when the ticket is in {@code state} (null: any state but ENDED). */
  private void act(String id, DeskStatus state, Consumer<GorgiasTicket> action) {
    g.locked(() -> {
      GorgiasTicket t = find(id).orElseThrow(() -> DeskException.notFound(GorgiasSimulator.NAME, id));
      DeskStatus now = status(t);
      if (state != null ? now != state : now == DeskStatus.ENDED) {
        throw new DeskException(409, "Ticket " + id + " is " + now + (state != null ? ", not " + state : ""));
      }
      action.accept(t);
    });
  }

  private Optional<GorgiasTicket> find(String id) {
    try {
      return g.tickets().find(Long.parseLong(id));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  static DeskStatus status(GorgiasTicket t) {
    if (t.isClosed()) {
      return DeskStatus.ENDED;
    }
    return t.assigneeUserId == null ? DeskStatus.QUEUED : DeskStatus.ACTIVE;
  }

  private List<DeskChat> chats() {
    return g.locked(() -> g.tickets().all().stream().map(this::view).toList());
  }

  private Optional<DeskChat> chat(String id) {
    return g.locked(() -> find(id).map(this::view));
  }

  private DeskChat view(GorgiasTicket t) {
    GorgiasCustomers.Customer customer = g.customers().get(t.customerId);
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Customer", customer.name == null || customer.name.isBlank() ? "(no name)" : customer.name);
    if (customer.email != null) {
      context.put("Email", customer.email);
    }
    if (t.subject != null) {
      context.put("Subject", t.subject);
    }
    context.put("Channel", t.channel);
    context.put("Team", t.assigneeTeamId == null ? "(none)" : g.account().team(t.assigneeTeamId)
        .map(GorgiasAccount.Team::name).orElse(String.valueOf(t.assigneeTeamId)));
    if (!t.tags.isEmpty()) {
      context.put("Tags", String.join(", ", t.tags));
    }
    if (t.externalId != null) {
      context.put("External id", t.externalId);
    }
    // the name the desk accepted with (an agent's first name, as the chat names them)
    String agent = t.assigneeUserId == null ? null : g.account().user(t.assigneeUserId)
        .map(GorgiasAccount.User::firstname).orElse(String.valueOf(t.assigneeUserId));
    String visitor = customer.name != null && !customer.name.isBlank() ? customer.name
        : customer.email != null ? customer.email : "Customer " + customer.id;
    List<DeskLine> transcript = t.messages.stream().map(m -> new DeskLine(from(m), text(m), m.createdDatetime()))
        .toList();
    return new DeskChat(GorgiasSimulator.NAME, Long.toString(t.id), status(t),
        status(t) == DeskStatus.QUEUED ? t.waitingSince : null, agent, visitor, context, transcript);
  }

  private String from(GorgiasMessage m) {
    if (!m.fromAgent()) {
      return DeskLine.VISITOR;
    }
    if (m.internalNote()) {
      return DeskLine.SYSTEM;
    }
    return g.account().user(m.senderId()).map(GorgiasAccount.User::agent).orElse(false) ? DeskLine.AGENT
        : DeskLine.BOT;
  }

  private static String text(GorgiasMessage m) {
    StringBuilder text = new StringBuilder(m.internalNote() ? "[internal note] " : "");
    text.append(m.bodyText() != null ? m.bodyText() : m.bodyHtml() != null ? m.bodyHtml() : "");
    for (GorgiasMessage.Attachment a : m.attachments()) {
      text.append(text.length() == 0 ? "" : " ").append("[file] ").append(a.name() == null ? "" : a.name() + " ")
          .append(a.url());
    }
    return text.toString();
  }
}
