package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Tickets, their comments and uploads, following Create Ticket, Update Ticket, List Comments and Upload Files
 * (developer.zendesk.com/api-reference/ticketing/tickets/...). Everything is checked before anything changes: a
 * refused call leaves no trace (not even a requester it would have created). Only called under the simulator's
 * monitor.
 */
final class SupportTickets {
  private final Map<Long, Ticket> tickets = new LinkedHashMap<>();
  private final SupportUploads uploads;
  private final SupportDirectory directory;
  private final Ids ids;
  private int maxComments;

  SupportTickets(SupportDirectory directory, Ids ids, int maxComments) {
    this.directory = directory;
    this.ids = ids;
    this.maxComments = maxComments;
    this.uploads = new SupportUploads(ids);
  }

  void maxComments(int max) {
    this.maxComments = max;
  }

  SupportUploads uploads() {
    return uploads;
  }

  Ticket ticket(long id) {
    Ticket t = tickets.get(id);
    if (t == null) {
      throw ZendeskError.notFound();
    }
    return t;
  }

  Optional<Ticket> find(long id) {
    return Optional.ofNullable(tickets.get(id));
  }

  List<Ticket> tickets() {
    return List.copyOf(tickets.values());
  }

  TicketChange create(SupportUser actor, String via, TicketInput in) {
    if (in.comment == null || blank(in.comment.body()) && blank(in.comment.htmlBody())) {
      throw ZendeskError.invalid("description", "BlankValue", "Description: cannot be blank");
    }
    SupportUser requester = directory.knownRequester(in);
    TicketRules.checkGroupAndAssignee(directory, in);
    String status = TicketRules.checkedStatus(in.status, null);
    TicketRules.checkPriority(in.priority);
    SupportUser submitter = in.submitterId == null ? null : directory.find(in.submitterId)
        .orElseThrow(() -> ZendeskError.invalid("submitter", "InvalidValue", "Submitter: is invalid"));
    if (in.comment.authorId() != null && directory.find(in.comment.authorId()).isEmpty()) {
      throw ZendeskError.invalid("author_id", "InvalidValue", "Author: is invalid");
    }
    if (maxComments < 1) {
      throw tooManyComments();
    }
    if (requester == null) {
      requester = in.requesterEmail != null ? directory.newRequester(in) : actor;
    }
    // "By default, the requester of a ticket is the submitter" through the API; an agent working in the web
    // interface is the submitter. "The submitter always becomes the author of the first comment" (Tickets API).
    if (submitter == null) {
      submitter = "api".equals(via) ? requester : actor;
    }
    SupportUser author = in.comment.authorId() == null ? submitter : directory.user(in.comment.authorId());
    Instant now = Instant.now();
    Ticket t = new Ticket(ids.next(), requester.id, submitter.id, via, now);
    t.subject = in.subject;
    t.priority = in.priority;
    t.groupId = in.groupId;
    t.assigneeId = in.assigneeId;
    t.externalId = in.externalId;
    if (in.tags != null) {
      t.tags.addAll(TicketRules.normalized(in.tags));
    }
    if (in.additionalTags != null) {
      t.tags.addAll(TicketRules.normalized(in.additionalTags));
    }
    t.customFields.putAll(in.customFields);
    t.status = status == null ? (t.assigneeId == null ? "new" : "open")
        : "new".equals(status) && t.assigneeId != null ? "open" : status;
    solveAssigns(t, actor);
    long auditId = ids.next();
    Ticket.Comment comment = addComment(t, author, in.comment, auditId, via, now);
    tickets.put(t.id, t);
    List<Map<String, Object>> events = new ArrayList<>();
    events.add(commentEvent(comment));
    t.auditedFields().forEach((field, value) -> {
      if (value != null && !(value instanceof List<?> l && l.isEmpty())) {
        events.add(KitJson.object("id", ids.next(), "type", "Create", "field_name", field, "value", value));
      }
    });
    return new TicketChange(t, null, comment, actor, via, auditId, events);
  }

  TicketChange update(SupportUser actor, String via, long id, TicketInput in) {
    Ticket t = ticket(id);
    if ("closed".equals(t.status)) {
      throw ZendeskError.invalid("status", "InvalidValue", "Status: closed prevents ticket update");
    }
    SupportUser requester = directory.knownRequester(in);
    TicketRules.checkGroupAndAssignee(directory, in);
    String status = TicketRules.checkedStatus(in.status, t.status);
    TicketRules.checkPriority(in.priority);
    SupportUser author = in.comment == null ? null : commentAuthor(actor, in.comment);
    if (in.comment != null && blank(in.comment.body()) && blank(in.comment.htmlBody())
        && in.comment.uploads().isEmpty()) {
      throw ZendeskError.invalid("comment", "BlankValue", "Comment: cannot be blank");
    }
    if (in.comment != null && t.comments.size() >= maxComments) {
      throw tooManyComments();
    }
    Map<String, Object> before = t.auditedFields();
    Instant now = Instant.now();
    if (in.subject != null) {
      t.subject = in.subject;
    }
    if (in.priority != null) {
      t.priority = in.priority;
    }
    if (requester == null && in.requesterEmail != null) {
      requester = directory.newRequester(in);
    }
    if (requester != null) {
      t.requesterId = requester.id;
    }
    if (in.hasGroup) {
      t.groupId = in.groupId;
    }
    if (in.hasAssignee) {
      t.assigneeId = in.assigneeId;
    }
    if (in.externalId != null) {
      t.externalId = in.externalId;
    }
    if (in.tags != null) {
      t.tags.clear();
      t.tags.addAll(TicketRules.normalized(in.tags));
    }
    if (in.additionalTags != null) {
      t.tags.addAll(TicketRules.normalized(in.additionalTags));
    }
    if (in.removeTags != null) {
      t.tags.removeAll(TicketRules.normalized(in.removeTags));
    }
    t.customFields.putAll(in.customFields);
    if (status != null) {
      t.status = status;
    } else if ("new".equals(t.status) && t.assigneeId != null) {
      t.status = "open"; // an assigned ticket is no longer new
    }
    solveAssigns(t, actor);
    long auditId = ids.next();
    List<Map<String, Object>> events = new ArrayList<>();
    Ticket.Comment comment = null;
    if (in.comment != null) {
      comment = addComment(t, author, in.comment, auditId, via, now);
      events.add(commentEvent(comment));
    }
    t.auditedFields().forEach((field, value) -> {
      if (!Objects.equals(before.get(field), value)) {
        events.add(KitJson.object("id", ids.next(), "type", "Change", "field_name", field, "value", value,
            "previous_value", before.get(field)));
      }
    });
    t.updatedAt = now;
    return new TicketChange(t, before, comment, actor, via, auditId, events);
  }

  /** A trigger's action changed the ticket: its audit events. */
  Map<String, Object> changeEvent(String field, Object value, Object previous) {
    return KitJson.object("id", ids.next(), "type", "Change", "field_name", field, "value", value,
        "previous_value", previous);
  }

  /** Solving a ticket nobody has assigns it to the staff member who solves it. */
  private static void solveAssigns(Ticket t, SupportUser actor) {
    if (("solved".equals(t.status) || "closed".equals(t.status)) && t.assigneeId == null && actor.isStaff()) {
      t.assigneeId = actor.id;
    }
  }

  private Ticket.Comment addComment(Ticket t, SupportUser author, TicketInput.CommentInput in, long auditId,
      String via, Instant at) {
    List<Ticket.Attachment> files = new ArrayList<>();
    for (String token : in.uploads()) {
      // An unknown or expired token is ignored, as Zendesk does: the comment is saved without that file.
      uploads.take(token).ifPresent(files::addAll);
    }
    // A comment may be files only: no body at all.
    String body = in.body() != null ? in.body() : in.htmlBody() != null ? in.htmlBody().replaceAll("<[^>]*>", "") : "";
    String html = in.htmlBody() != null ? in.htmlBody()
        : "<div class=\"zd-comment\"><p>" + escapeHtml(body) + "</p></div>";
    // "The initial value set on ticket creation persists for any additional comment unless you change it"
    // (Ticket Comments, public): a comment without "public" takes the first comment's.
    boolean isPublic = in.isPublic() != null ? in.isPublic() : t.comments.isEmpty() || t.comments.get(0).isPublic();
    Ticket.Comment c = new Ticket.Comment(ids.next(), author.id, body, html, isPublic, List.copyOf(files),
        auditId, via, at);
    t.comments.add(c);
    return c;
  }

  private SupportUser commentAuthor(SupportUser actor, TicketInput.CommentInput in) {
    if (in.authorId() == null) {
      return actor;
    }
    return directory.find(in.authorId())
        .orElseThrow(() -> ZendeskError.invalid("author_id", "InvalidValue", "Author: is invalid"));
  }

  private ZendeskError tooManyComments() {
    return ZendeskError.invalid("base", "TooManyComments",
        "Ticket has reached the maximum number of comments (" + maxComments + ")");
  }

  private Map<String, Object> commentEvent(Ticket.Comment c) {
    return KitJson.object("id", c.id(), "type", "Comment", "author_id", c.authorId(), "body", c.body(), "html_body",
        c.htmlBody(), "plain_body", c.body(), "public", c.isPublic(), "attachments",
        c.attachments().stream().map(a -> KitJson.object("id", a.id(), "file_name", a.fileName())).toList(),
        "audit_id", c.auditId());
  }

  private static boolean blank(String s) {
    return s == null || s.isBlank();
  }

  private static String escapeHtml(String s) {
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
  }
}
