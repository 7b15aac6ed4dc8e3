package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.UUID;

/**
 * The ticket events an event-subscribed webhook receives (api-reference/webhooks/event-types/ticket-events): one
 * payload per change of an update, {@code {type, account_id, id, time, zendesk_event_version, subject: "zen:ticket:<id>",
 * detail: <the ticket, ids as strings>, event: {...}}}. The events of one update share {@code meta.sequence.id}. The
 * sandbox sends the types Baton could use; {@link #TYPES} lists them. The upper-case status and priority values in
 * {@code detail} and {@code event} follow the docs' examples [unconfirmed].
 */
final class TicketEvents {
  static final String PREFIX = "zen:event-type:ticket.";
  static final List<String> TYPES = List.of("created", "comment_added", "status_changed", "priority_changed",
      "tags_changed", "agent_assignment_changed", "group_assignment_changed", "subject_changed").stream()
      .map(t -> PREFIX + t).toList();

  /** One event: its type and JSON body. */
  record Event(String type, String id, String body) {}

  private TicketEvents() {
  }

  static List<Event> of(TicketChange change, long accountId, SupportDirectory directory) {
    Ticket t = change.ticket();
    Map<String, Object> now = t.auditedFields();
    Map<String, Object> before = change.created() ? Map.of() : change.before();
    List<Map.Entry<String, Map<String, Object>>> events = new ArrayList<>();
    if (change.created()) {
      events.add(Map.entry("created", new LinkedHashMap<>()));
    }
    if (change.comment() != null) {
      Ticket.Comment c = change.comment();
      events.add(Map.entry("comment_added", KitJson.object("comment", KitJson.object("id", Long.toString(c.id()),
          "body", c.body(), "is_public", c.isPublic(), "author", KitJson.object("id", Long.toString(c.authorId()),
              "is_staff", directory.find(c.authorId()).map(SupportUser::isStaff).orElse(false))))));
    }
    if (!change.created()) {
      changed(events, before, now, "status", "status_changed", true);
      changed(events, before, now, "priority", "priority_changed", true);
      changed(events, before, now, "assignee_id", "agent_assignment_changed", false);
      changed(events, before, now, "group_id", "group_assignment_changed", false);
      changed(events, before, now, "subject", "subject_changed", false);
      if (!Objects.equals(before.get("tags"), now.get("tags"))) {
        List<?> was = (List<?>) before.get("tags");
        List<?> is = (List<?>) now.get("tags");
        events.add(Map.entry("tags_changed", KitJson.object("tags_added", is.stream().filter(x -> !was.contains(x))
            .toList(), "tags_removed", was.stream().filter(x -> !is.contains(x)).toList())));
      }
    }
    String sequence = UUID.randomUUID().toString();
    Map<String, Object> detail = detail(t, change.actor().id());
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < events.size(); i++) {
      Map<String, Object> event = new LinkedHashMap<>(events.get(i).getValue());
      event.put("meta", KitJson.object("sequence", KitJson.object("id", sequence, "position", i + 1)));
      String id = UUID.randomUUID().toString();
      String type = PREFIX + events.get(i).getKey();
      out.add(new Event(type, id, KitJson.write(KitJson.object("type", type, "account_id", accountId, "id", id,
          "time", Instant.now().toString(), "zendesk_event_version", "2022-11-06", "subject", "zen:ticket:" + t.id,
          "detail", detail, "event", event))));
    }
    return out;
  }

  private static void changed(List<Map.Entry<String, Map<String, Object>>> events, Map<String, Object> before,
      Map<String, Object> now, String field, String type, boolean upper) {
    if (!Objects.equals(before.get(field), now.get(field))) {
      events.add(Map.entry(type, KitJson.object("current", value(now.get(field), upper), "previous",
          value(before.get(field), upper))));
    }
  }

  private static String value(Object v, boolean upper) {
    return v == null ? null : upper ? v.toString().toUpperCase(Locale.ROOT) : v.toString();
  }

  private static Map<String, Object> detail(Ticket t, long actorId) {
    return KitJson.object("actor_id", Long.toString(actorId), "assignee_id", value(t.assigneeId, false),
        "brand_id", null, "created_at", t.createdAt.toString(), "custom_status", null, "description",
        t.comments.isEmpty() ? null : t.comments.get(0).body(), "external_id", t.externalId, "form_id", null,
        "group_id", value(t.groupId, false), "id", Long.toString(t.id), "is_public",
        t.comments.stream().anyMatch(Ticket.Comment::isPublic), "organization_id", null, "priority",
        value(t.priority, true), "requester_id", Long.toString(t.requesterId), "status", value(t.status, true),
        "subject", t.subject, "submitter_id", Long.toString(t.submitterId), "tags", List.copyOf(t.tags), "type",
        null, "updated_at", t.updatedAt.toString(), "via", KitJson.object("channel", t.via));
  }
}
