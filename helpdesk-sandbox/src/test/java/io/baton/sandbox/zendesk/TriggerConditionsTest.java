package io.baton.sandbox.zendesk;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Every condition field and operator against one update: an agent moved ticket 1 from new to pending. */
class TriggerConditionsTest {
  private final SupportUser agent = new SupportUser(7, "Kim", "kim@example.com", SupportUser.AGENT, null,
      Instant.now());
  private final Ticket ticket = new Ticket(1, 5, 5, "api", Instant.now());
  private final TicketChange change;

  TriggerConditionsTest() {
    Map<String, Object> before = ticket.auditedFields(); // status new, nothing else set
    ticket.status = "pending";
    ticket.priority = "high";
    ticket.assigneeId = 7L;
    ticket.tags.addAll(List.of("sunco_send", "vip"));
    ticket.customFields.put(99L, "gold");
    Ticket.Comment note = new Ticket.Comment(3, 7, "x", "x", false, List.of(), 2, "web", Instant.now());
    change = new TicketChange(ticket, before, note, agent, "web", 2, new ArrayList<>());
  }

  private boolean holds(String field, String operator, String value) {
    TriggerConditions.Condition c = new TriggerConditions.Condition(field, operator, value);
    TriggerConditions.check(c);
    return TriggerConditions.holds(c, change, ticket);
  }

  @Test
  void updateTypeRoleViaAndCommentVisibility() {
    assertEquals(true, holds("update_type", "is", "Change"));
    assertEquals(false, holds("update_type", "is", "Create"));
    assertEquals(true, holds("role", "is", "agent"));
    assertEquals(true, holds("role", "is_not", "end_user"));
    assertEquals(false, holds("role", "is", "admin"));
    assertEquals(true, holds("current_via_id", "is", "0"));
    assertEquals(false, holds("current_via_id", "is", "5"));
    assertEquals(false, holds("comment_is_public", "is", "true"));
    assertEquals(true, holds("comment_is_public", "is", "false"));
    assertEquals(true, holds("comment_is_public", "is", "not_relevant"));
  }

  @Test
  void statusAndPriorityWithTheOrderedAndChangeOperators() {
    assertEquals(true, holds("status", "is", "pending"));
    assertEquals(true, holds("status", "is_not", "open"));
    assertEquals(true, holds("status", "less_than", "solved"));
    assertEquals(false, holds("status", "less_than", "pending"));
    assertEquals(true, holds("status", "greater_than", "open"));
    assertEquals(true, holds("status", "changed", null));
    assertEquals(false, holds("status", "not_changed", null));
    assertEquals(true, holds("status", "value", "pending"));
    assertEquals(false, holds("status", "value", "open"));
    assertEquals(true, holds("status", "not_value", "open"));
    assertEquals(true, holds("status", "value_previous", "new"));
    assertEquals(false, holds("status", "not_value_previous", "new"));
    assertEquals(true, holds("priority", "greater_than", "normal"));
    assertEquals(true, holds("priority", "value", "high"));
  }

  @Test
  void assigneeGroupTagsAndCustomFields() {
    assertEquals(true, holds("assignee_id", "is", "current_user"));
    assertEquals(true, holds("assignee_id", "is", "7"));
    assertEquals(true, holds("assignee_id", "value_previous", ""));
    assertEquals(true, holds("group_id", "is", ""));
    assertEquals(true, holds("group_id", "not_changed", null));
    assertEquals(true, holds("requester_id", "is", "5"));
    assertEquals(true, holds("current_tags", "includes", "other vip"));
    assertEquals(false, holds("current_tags", "includes", "other"));
    assertEquals(true, holds("current_tags", "not_includes", "closed_by_bot"));
    assertEquals(false, holds("current_tags", "not_includes", "sunco_send"));
    assertEquals(true, holds("custom_fields_99", "is", "gold"));
    assertEquals(true, holds("custom_fields_98", "not_present", null));
    assertEquals(false, holds("custom_fields_99", "not_present", null));
  }

  @Test
  void conditionsATriggerCannotHoldAre422() {
    for (String[] bad : new String[][] {{"mood", "is", "x"}, {"status", "includes", "open"},
        {"status", "is", "done"}, {"update_type", "is", "Delete"}, {"role", "is", "end-user"},
        {"comment_is_public", "is", "maybe"}, {"current_via_id", "is", "api"}, {"group_id", "is", "abc"},
        {"status", "is", null}}) {
      ZendeskError e = assertThrows(ZendeskError.class, () -> TriggerConditions.check(
          new TriggerConditions.Condition(bad[0], bad[1], bad[2])), String.join(" ", bad));
      assertEquals(422, e.status());
    }
  }
}
