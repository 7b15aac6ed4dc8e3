package io.baton.connector.zendesk.support;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The triggers Baton needs on a Support account, one per event, each notifying the connection's webhook with a JSON
 * body template: a public comment on a ticket Baton handed over (tag {@link #TAG}), its assignee changing, it being
 * solved or closed, and a ticket an agent created for an agent-initiated conversation ({@link AgentInitiatedFilter}). They are found by title (one
 * set per connection), so activation creates or updates them and never duplicates them.
 */
final class SupportTriggers {
  /** Every ticket Baton opened or adopted carries it: the triggers fire only for those. */
  static final String TAG = "baton";
  /** The ticket is linked to a conversation already (agent-initiated): it is not linked again. */
  static final String LINKED_TAG = "baton_linked";
  static final String COMMENT = "comment";
  static final String ASSIGNED = "assigned";
  static final String STATUS = "status";
  static final String AGENT_INITIATED = "agent_initiated";
  static final List<String> KINDS = List.of(COMMENT, ASSIGNED, STATUS, AGENT_INITIATED);

  private SupportTriggers() {}

  /** A trigger Baton wants: its title, conditions and the body its webhook notification renders. */
  record Wanted(String kind, String title, Map<String, Object> conditions, String body) {
    /** The {@code trigger} object of {@code POST/PUT /triggers}. */
    Map<String, Object> trigger(String webhookId) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("title", title);
      t.put("active", true);
      t.put("conditions", conditions);
      t.put("actions", List.of(Map.of("field", "notification_webhook", "value", List.of(webhookId, body))));
      return t;
    }
  }

  static String title(String connection, String kind) {
    return "Baton " + connection + ": " + kind.replace('_', ' ');
  }

  static List<Wanted> of(String connection, AgentInitiatedFilter agentInitiated) {
    List<Map<String, String>> ours = List.of(condition("update_type", "is", "Change"),
        condition("current_tags", "includes", TAG));
    return List.of(
        new Wanted(COMMENT, title(connection, COMMENT), Map.of("all", plus(ours,
            condition("comment_is_public", "is", "true")), "any", List.of()), body(COMMENT)),
        new Wanted(ASSIGNED, title(connection, ASSIGNED), Map.of("all", plus(ours,
            condition("assignee_id", "changed", null)), "any", List.of()), body(ASSIGNED)),
        new Wanted(STATUS, title(connection, STATUS), Map.of("all", ours, "any",
            List.of(condition("status", "value", "solved"), condition("status", "value", "closed"))), body(STATUS)),
        new Wanted(AGENT_INITIATED, title(connection, AGENT_INITIATED), agentInitiated.conditions(),
            body(AGENT_INITIATED)));
  }

  /** What the webhook receives: the kind, the ticket, its update time and latest comment (the event id's parts). */
  static String body(String kind) {
    return "{\"baton\":\"" + kind + "\",\"ticket_id\":\"{{ticket.id}}\","
        + "\"updated_at\":\"{{ticket.updated_at_with_timestamp}}\",\"comment_id\":\"{{ticket.latest_comment.id}}\","
        + "\"status\":\"{{ticket.status}}\"}";
  }

  /** A condition of {@code conditions.all} or {@code conditions.any}; no value for operators such as changed. */
  static Map<String, String> condition(String field, String operator, String value) {
    Map<String, String> c = new LinkedHashMap<>();
    c.put("field", field);
    c.put("operator", operator);
    if (value != null) {
      c.put("value", value);
    }
    return c;
  }

  private static List<Map<String, String>> plus(List<Map<String, String>> base, Map<String, String> more) {
    List<Map<String, String>> all = new java.util.ArrayList<>(base);
    all.add(more);
    return all;
  }
}
