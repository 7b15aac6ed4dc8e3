package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The agent's side of Support, as the Agent Workspace does it (channel {@code web}): tickets as chats; accept (assign
 * to the agent, status open), transfer (reassign), say (a public comment), an internal note (a private comment), attach (upload and
 * comment), end (solved), close, and creating a ticket for a requester (the agent-initiated flow, tag
 * {@code sunco_send} by default). Every change runs the triggers, as any update does.
 */
public final class ZendeskDesk {
  /** The tag an agent-initiated ticket carries unless others are given. */
  public static final String SUNCO_SEND = "sunco_send";

  private final ZendeskSupportSimulator zendesk;
  private final Desk desk;

  ZendeskDesk(ZendeskSupportSimulator zendesk) {
    this.zendesk = zendesk;
    this.desk = Desk.of(ZendeskSupportSimulator.NAME, this::chats, this::chat)
        .accept((id, name) -> accept(ticketId(id), name))
        .say((id, text) -> comment(ticketId(id), text, true))
        .transfer((id, name) -> transfer(ticketId(id), name))
        .end(id -> solve(ticketId(id)))
        .refusals(e -> e instanceof ZendeskError z ? new DeskException(z.status() == 404 ? 404
            : z.status() == 422 ? 409 : 400, z.getMessage()) : null)
        .build();
  }

  Desk desk() {
    return desk;
  }

  /** Creates a ticket as the console agent for a requester (created as an end user when new); its id. */
  public long createTicket(String requesterEmail, String requesterName, String subject, String comment,
      List<String> tags) {
    TicketInput in = new TicketInput();
    in.requesterEmail = requesterEmail;
    in.requesterName = requesterName;
    in.subject = subject;
    in.tags = tags == null ? List.of(SUNCO_SEND) : tags;
    in.comment = new TicketInput.CommentInput(comment, null, true, null, List.of());
    return zendesk.createTicket(agent(ZendeskSupportSimulator.AGENT_NAME), "web", in).ticket().id();
  }

  /** The agent takes the ticket: assigned to them, status open. */
  public void accept(long ticketId, String agentName) {
    TicketInput in = new TicketInput();
    in.hasAssignee = true;
    in.assigneeId = agent(agentName).id();
    in.status = "open";
    zendesk.updateTicket(agent(agentName), "web", ticketId, in);
  }

  /** Another agent takes the ticket over (reassigned; its status stays). */
  public void transfer(long ticketId, String agentName) {
    TicketInput in = new TicketInput();
    in.hasAssignee = true;
    in.assigneeId = agent(agentName).id();
    zendesk.updateTicket(actingAgent(ticketId), "web", ticketId, in);
  }

  /** A comment by the ticket's agent: public (the requester sees it) or an internal note. */
  public void comment(long ticketId, String text, boolean isPublic) {
    TicketInput in = new TicketInput();
    in.comment = new TicketInput.CommentInput(text, null, isPublic, null, List.of());
    zendesk.updateTicket(actingAgent(ticketId), "web", ticketId, in);
  }

  /** Uploads a file and adds it to the ticket in a public comment (with {@code text}, which may be blank). */
  public void attach(long ticketId, String fileName, String contentType, byte[] bytes, String text) {
    String token = zendesk.withTickets(t -> t.uploads().upload(null, fileName, contentType, bytes)).token();
    TicketInput in = new TicketInput();
    in.comment = new TicketInput.CommentInput(text == null ? "" : text, null, true, null, List.of(token));
    zendesk.updateTicket(actingAgent(ticketId), "web", ticketId, in);
  }

  public void solve(long ticketId) {
    setStatus(ticketId, "solved");
  }

  public void close(long ticketId) {
    setStatus(ticketId, "closed");
  }

  /** Every comment of a ticket, public and private, oldest first. */
  public List<Ticket.Comment> comments(long ticketId) {
    return zendesk.ticket(ticketId).orElseThrow(ZendeskError::notFound).comments();
  }

  private void setStatus(long ticketId, String status) {
    TicketInput in = new TicketInput();
    in.status = status;
    zendesk.updateTicket(actingAgent(ticketId), "web", ticketId, in);
  }

  /** The ticket's assignee when it has one, else the console agent. */
  private SupportUser actingAgent(long ticketId) {
    Long assignee = zendesk.ticket(ticketId).orElseThrow(ZendeskError::notFound).assigneeId();
    return zendesk.withDirectory(d -> assignee == null ? d.byEmail(ZendeskSupportSimulator.AGENT_EMAIL).orElseThrow()
        : d.user(assignee));
  }

  /** The agent with this name; a new agent user the first time a name is used. */
  private SupportUser agent(String name) {
    return zendesk.withDirectory(d -> d.users().stream().filter(u -> u.isStaff() && u.name().equals(name)).findFirst()
        .orElseGet(() -> d.create(name, name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", ".")
            + "@sandbox.zendesk.test", SupportUser.AGENT, null)));
  }

  private static long ticketId(String id) {
    try {
      return Long.parseLong(id);
    } catch (NumberFormatException e) {
      throw DeskException.notFound(ZendeskSupportSimulator.NAME, id);
    }
  }

  private List<DeskChat> chats() {
    return zendesk.tickets().stream().map(this::toChat).toList();
  }

  private Optional<DeskChat> chat(String id) {
    try {
      return zendesk.ticket(Long.parseLong(id)).map(this::toChat);
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private DeskChat toChat(TicketView t) {
    DeskStatus status = switch (t.status()) {
      case "new" -> DeskStatus.QUEUED;
      case "solved", "closed" -> DeskStatus.ENDED;
      default -> DeskStatus.ACTIVE;
    };
    return zendesk.withDirectory(d -> {
      SupportUser requester = d.user(t.requesterId());
      Map<String, String> context = new LinkedHashMap<>();
      context.put("Ticket", "#" + t.id() + " (" + t.status() + ")");
      context.put("Subject", t.subject() == null ? "" : t.subject());
      context.put("Requester", requester.email() == null ? requester.name() : requester.email());
      context.put("Tags", String.join(" ", t.tags()));
      if (t.groupId() != null) {
        context.put("Group", d.group(t.groupId()).name());
      }
      List<DeskLine> lines = new ArrayList<>();
      for (Ticket.Comment c : t.comments()) {
        SupportUser author = d.user(c.authorId());
        String from = author.id() == requester.id() ? DeskLine.VISITOR
            : ZendeskSupportSimulator.API_EMAIL.equals(author.email()) ? DeskLine.BOT : DeskLine.AGENT;
        StringBuilder text = new StringBuilder(c.isPublic() ? "" : "(internal note) ").append(c.body());
        c.attachments().forEach(a -> text.append(" [file: ").append(a.fileName()).append(']'));
        if (c.isPublic() && DeskLine.VISITOR.equals(from)) {
          // A connector batches the visitor's chat lines into one comment (Update Ticket limits): a line each.
          for (String line : text.toString().trim().split("\n")) {
            lines.add(new DeskLine(from, line, c.createdAt()));
          }
          continue;
        }
        lines.add(new DeskLine(c.isPublic() ? from : DeskLine.SYSTEM, text.toString().trim(), c.createdAt()));
      }
      String agentName = t.assigneeId() == null ? null : d.user(t.assigneeId()).name();
      return new DeskChat(ZendeskSupportSimulator.NAME, Long.toString(t.id()), status,
          status == DeskStatus.QUEUED && !t.comments().isEmpty() ? t.comments().get(0).createdAt() : null,
          agentName, requester.name(), context, lines);
    });
  }
}
