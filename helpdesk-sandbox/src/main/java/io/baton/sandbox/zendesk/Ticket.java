package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** One Support ticket with its comments. Mutated only under the simulator's monitor; read through snapshots. */
public final class Ticket {
  /** The statuses in their order ({@code less_than}/{@code greater_than} in trigger conditions follow it). */
  static final List<String> STATUSES = List.of("new", "open", "pending", "hold", "solved", "closed");
  static final List<String> PRIORITIES = List.of("low", "normal", "high", "urgent");

  /** A ticket comment; {@code via} is the channel it came through ({@code api}, {@code web}). */
  public record Comment(long id, long authorId, String body, String htmlBody, boolean isPublic,
      List<Attachment> attachments, long auditId, String via, Instant createdAt) {}

  /** A file attached to a comment; the bytes are served at {@code content_url}. */
  public record Attachment(long id, String fileName, String contentType, byte[] bytes) {
    Map<String, Object> toJson(String attachmentsUrl) {
      return KitJson.object("id", id, "file_name", fileName, "content_url",
          attachmentsUrl + "/" + id + "/" + java.net.URLEncoder.encode(fileName,
              java.nio.charset.StandardCharsets.UTF_8).replace("+", "%20"),
          "content_type", contentType, "size", bytes.length, "inline", false, "deleted", false);
    }
  }

  final long id;
  String subject;
  String status = "new";
  String priority;
  long requesterId;
  final long submitterId;
  Long assigneeId;
  Long groupId;
  final Set<String> tags = new LinkedHashSet<>();
  String externalId;
  final Map<Long, Object> customFields = new LinkedHashMap<>();
  final List<Comment> comments = new ArrayList<>();
  final String via;
  final Instant createdAt;
  Instant updatedAt;

  Ticket(long id, long requesterId, long submitterId, String via, Instant at) {
    this.id = id;
    this.requesterId = requesterId;
    this.submitterId = submitterId;
    this.via = via;
    this.createdAt = at;
    this.updatedAt = at;
  }

  public long id() {
    return id;
  }

  public String status() {
    return status;
  }

  /** A field's value as trigger conditions compare it (null when unset). */
  Object field(String name) {
    return switch (name) {
      case "status" -> status;
      case "priority" -> priority;
      case "group_id" -> groupId;
      case "assignee_id" -> assigneeId;
      case "requester_id" -> requesterId;
      case "subject" -> subject;
      default -> null;
    };
  }

  /** The fields an audit reports as changed, in this order. */
  Map<String, Object> auditedFields() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("subject", subject);
    m.put("status", status);
    m.put("priority", priority);
    m.put("assignee_id", assigneeId);
    m.put("group_id", groupId);
    m.put("requester_id", requesterId);
    m.put("tags", List.copyOf(tags));
    return m;
  }

  /** Custom fields as Zendesk lists them. */
  List<Map<String, Object>> customFieldsJson() {
    List<Map<String, Object>> list = new ArrayList<>();
    customFields.forEach((id, value) -> list.add(KitJson.object("id", id, "value", value)));
    return list;
  }

  Map<String, Object> toJson(String apiUrl) {
    Map<String, Object> json = KitJson.object("id", id, "url", apiUrl + "/tickets/" + id + ".json",
        "external_id", externalId, "via", KitJson.object("channel", via), "created_at", createdAt.toString(),
        "updated_at", updatedAt.toString(), "type", null, "subject", subject, "raw_subject", subject,
        "description", comments.isEmpty() ? null : comments.get(0).body(), "priority", priority, "status", status,
        "requester_id", requesterId, "submitter_id", submitterId, "assignee_id", assigneeId, "group_id", groupId,
        "tags", List.copyOf(tags), "custom_fields", customFieldsJson(), "fields", customFieldsJson(),
        "is_public", comments.stream().anyMatch(Comment::isPublic));
    return json;
  }

  static Map<String, Object> commentJson(Comment c, String attachmentsUrl) {
    return KitJson.object("id", c.id(), "type", "Comment", "author_id", c.authorId(), "body", c.body(),
        "html_body", c.htmlBody(), "plain_body", c.body(), "public", c.isPublic(), "attachments",
        c.attachments().stream().map(a -> a.toJson(attachmentsUrl)).toList(), "audit_id", c.auditId(), "via",
        KitJson.object("channel", c.via()), "created_at", c.createdAt().toString());
  }
}
