package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code ticket} object of Create Ticket and Update Ticket, read and type-checked before anything changes
 * (api-reference/ticketing/tickets/tickets). Absent fields stay null; {@code group_id}/{@code assignee_id} may be set
 * to null explicitly (unassigning), which {@link #hasGroup}/{@link #hasAssignee} tell apart.
 */
final class TicketInput {
  /**
   * A new comment: {@code body} or {@code html_body}, {@code public} (null when absent: the ticket's first comment's
   * value, true on a new ticket), author, upload tokens.
   */
  record CommentInput(String body, String htmlBody, Boolean isPublic, Long authorId, List<String> uploads) {}

  String subject;
  CommentInput comment;
  String requesterName;
  String requesterEmail;
  Long requesterId;
  Long submitterId;
  boolean hasGroup;
  Long groupId;
  boolean hasAssignee;
  Long assigneeId;
  List<String> tags;
  List<String> additionalTags;
  List<String> removeTags;
  String priority;
  String status;
  String externalId;
  final Map<Long, Object> customFields = new LinkedHashMap<>();

  static TicketInput read(JsonNode ticket) {
    if (ticket == null || !ticket.isObject()) {
      throw ZendeskError.badRequest("Parameter ticket is required and must be an object");
    }
    TicketInput in = new TicketInput();
    in.subject = text(ticket, "subject");
    in.priority = text(ticket, "priority");
    in.status = text(ticket, "status");
    in.externalId = text(ticket, "external_id");
    in.requesterId = id(ticket, "requester_id");
    in.submitterId = id(ticket, "submitter_id");
    JsonNode requester = ticket.get("requester");
    if (requester != null && !requester.isNull()) {
      if (!requester.isObject()) {
        throw ZendeskError.badRequest("requester must be an object {name, email}");
      }
      in.requesterName = text(requester, "name");
      in.requesterEmail = text(requester, "email");
    }
    in.hasGroup = ticket.has("group_id");
    in.groupId = id(ticket, "group_id");
    in.hasAssignee = ticket.has("assignee_id");
    in.assigneeId = id(ticket, "assignee_id");
    in.tags = strings(ticket, "tags");
    in.additionalTags = strings(ticket, "additional_tags");
    in.removeTags = strings(ticket, "remove_tags");
    JsonNode fields = ticket.has("custom_fields") ? ticket.get("custom_fields") : ticket.get("fields");
    if (fields != null && !fields.isNull()) {
      if (!fields.isArray()) {
        throw ZendeskError.badRequest("custom_fields must be an array of {id, value}");
      }
      for (JsonNode f : fields) {
        if (!f.path("id").canConvertToLong() || !f.path("id").isIntegralNumber()) {
          throw ZendeskError.badRequest("custom_fields[].id must be a number");
        }
        JsonNode value = f.get("value");
        in.customFields.put(f.get("id").asLong(), value == null || value.isNull() ? null
            : value.isTextual() ? value.asText() : value.isBoolean() ? value.asBoolean()
            : value.isNumber() ? value.numberValue() : value.toString());
      }
    }
    JsonNode comment = ticket.get("comment");
    if (comment != null && !comment.isNull()) {
      if (!comment.isObject()) {
        throw ZendeskError.badRequest("comment must be an object {body | html_body, public, author_id, uploads}");
      }
      JsonNode isPublic = comment.get("public");
      if (isPublic != null && !isPublic.isBoolean()) {
        throw ZendeskError.badRequest("comment.public must be a boolean");
      }
      List<String> uploads = strings(comment, "uploads");
      in.comment = new CommentInput(text(comment, "body"), text(comment, "html_body"),
          isPublic == null ? null : isPublic.asBoolean(), id(comment, "author_id"),
          uploads == null ? List.of() : uploads);
    }
    return in;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isTextual()) {
      throw ZendeskError.badRequest(field + " must be a string");
    }
    return value.asText();
  }

  private static Long id(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (value.isIntegralNumber()) {
      return value.asLong();
    }
    if (value.isTextual() && value.asText().matches("\\d{1,18}")) {
      return Long.parseLong(value.asText());
    }
    throw ZendeskError.badRequest(field + " must be a number");
  }

  private static List<String> strings(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isArray()) {
      throw ZendeskError.badRequest(field + " must be an array of strings");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode v : value) {
      if (!v.isTextual()) {
        throw ZendeskError.badRequest(field + " must be an array of strings");
      }
      list.add(v.asText());
    }
    return list;
  }
}
