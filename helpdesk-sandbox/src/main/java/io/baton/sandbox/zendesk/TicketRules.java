package io.baton.sandbox.zendesk;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** What a ticket's fields may hold, checked before a create or update changes anything (422 RecordInvalid). */
final class TicketRules {
  private TicketRules() {
  }

  static void checkGroupAndAssignee(SupportDirectory directory, TicketInput in) {
    if (in.groupId != null && !directory.groupExists(in.groupId)) {
      throw ZendeskError.invalid("group", "InvalidValue", "Group: is invalid");
    }
    if (in.assigneeId != null) {
      SupportUser assignee = directory.find(in.assigneeId)
          .orElseThrow(() -> ZendeskError.invalid("assignee", "InvalidValue", "Assignee: is invalid"));
      if (!assignee.isStaff()) {
        throw ZendeskError.invalid("assignee", "InvalidValue", "Assignee: is not an agent");
      }
    }
  }

  /** A status the ticket may take; a ticket that left {@code new} cannot go back to it. */
  static String checkedStatus(String status, String current) {
    if (status == null) {
      return null;
    }
    if (!Ticket.STATUSES.contains(status)) {
      throw ZendeskError.invalid("status", "InvalidValue", "Status: is not included in the list");
    }
    if ("new".equals(status) && current != null && !"new".equals(current)) {
      throw ZendeskError.invalid("status", "InvalidValue", "Status: cannot be set to New");
    }
    return status;
  }

  static void checkPriority(String priority) {
    if (priority != null && !Ticket.PRIORITIES.contains(priority)) {
      throw ZendeskError.invalid("priority", "InvalidValue", "Priority: is not included in the list");
    }
  }

  /** Tags are single lower-case words: a value with spaces is several tags. */
  static List<String> normalized(List<String> tags) {
    List<String> out = new ArrayList<>();
    for (String tag : tags) {
      for (String word : tag.trim().toLowerCase(Locale.ROOT).split("\\s+")) {
        if (!word.isEmpty()) {
          out.add(word);
        }
      }
    }
    return out;
  }
}
