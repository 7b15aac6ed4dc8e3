package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Which tickets start an agent-initiated conversation: the seed's filter {@code ticket.tags:sunco_send AND
 * ticket.status:(new OR open OR pending) AND current_user.role:(NOT end-user)} as the connection's settings
 * {@code agentInitiated.tag}, {@code agentInitiated.statuses} and {@code agentInitiated.endUsers}. The trigger Baton
 * installs and the connector's own check after reading the ticket both follow it, so a setting changes both at once.
 *
 * @param tag      the tag an agent puts on the ticket
 * @param statuses the statuses the ticket may have, in Zendesk's order
 * @param endUsers whether a ticket an end user submitted is linked too
 */
record AgentInitiatedFilter(String tag, List<String> statuses, boolean endUsers) {
  static final String TAG_SETTING = "agentInitiated.tag";
  static final String DEFAULT_TAG = "sunco_send";
  static final String STATUSES_SETTING = "agentInitiated.statuses";
  static final String END_USERS_SETTING = "agentInitiated.endUsers";
  /** Zendesk's statuses of a ticket still being worked on; solved and closed end a conversation, not start one. */
  static final List<String> ALLOWED = List.of("new", "open", "pending", "hold");

  /** The connection's filter; a setting it cannot use fails with the reason, naming the setting. */
  static AgentInitiatedFilter of(SupportAccount account) {
    Set<String> named = new HashSet<>();
    for (String s : account.setting(STATUSES_SETTING, "new,open,pending").split(",")) {
      String status = s.trim().toLowerCase(Locale.ROOT);
      if (status.isEmpty()) {
        continue;
      }
      if (!ALLOWED.contains(status)) {
        throw new IllegalArgumentException("'" + STATUSES_SETTING + "' has '" + s.trim() + "', which is not one of "
            + String.join(", ", ALLOWED) + " (comma-separated Zendesk ticket statuses)");
      }
      named.add(status);
    }
    if (named.isEmpty()) {
      throw new IllegalArgumentException("'" + STATUSES_SETTING + "' lists no status: name one or more of "
          + String.join(", ", ALLOWED) + ", comma-separated");
    }
    String endUsers = account.setting(END_USERS_SETTING, "false").toLowerCase(Locale.ROOT);
    if (!endUsers.equals("true") && !endUsers.equals("false")) {
      throw new IllegalArgumentException("'" + END_USERS_SETTING + "' is '" + account.setting(END_USERS_SETTING, "")
          + "', not true or false");
    }
    return new AgentInitiatedFilter(account.setting(TAG_SETTING, DEFAULT_TAG),
        ALLOWED.stream().filter(named::contains).toList(), Boolean.parseBoolean(endUsers));
  }

  /** Why the ticket as read back does not pass the filter (its submitter aside), or null. */
  String refusal(JsonNode ticket) {
    List<String> tags = new ArrayList<>();
    ticket.path("tags").forEach(t -> tags.add(t.asText()));
    if (!tags.contains(tag)) {
      return "no tag '" + tag + "'";
    }
    if (tags.contains(SupportTriggers.LINKED_TAG)) {
      return "linked already";
    }
    String status = ticket.path("status").asText();
    if (!statuses.contains(status)) {
      return "its status is " + status + ", not one of " + String.join(", ", statuses) + " ('" + STATUSES_SETTING
          + "')";
    }
    return null;
  }

  /** Whether the submitter (a user of {@code GET /users/{id}}) keeps the ticket out. */
  boolean refuses(JsonNode submitter) {
    String role = submitter.path("role").asText();
    return !endUsers && (role.equals("end-user") || role.equals("end_user"));
  }

  /**
   * The trigger's conditions: the tag, not linked yet, the current user not an end user unless end users' tickets
   * are linked too (all of them), and one of the statuses (any).
   */
  Map<String, Object> conditions() {
    List<Map<String, String>> all = new ArrayList<>(List.of(SupportTriggers.condition("current_tags", "includes",
        tag), SupportTriggers.condition("current_tags", "not_includes", SupportTriggers.LINKED_TAG)));
    if (!endUsers) {
      all.add(SupportTriggers.condition("role", "is_not", "end_user"));
    }
    Map<String, Object> conditions = new LinkedHashMap<>();
    conditions.put("all", all);
    conditions.put("any", statuses.stream().map(s -> SupportTriggers.condition("status", "is", s)).toList());
    return conditions;
  }
}
