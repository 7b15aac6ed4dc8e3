package io.baton.sandbox.zendesk;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Trigger conditions over the fields Baton needs, with Zendesk's field and operator names (api-reference/ticketing/
 * business-rules/triggers, "Conditions reference"): {@code update_type} (Create/Change), {@code status} and
 * {@code priority} (with the ordered operators), {@code group_id}, {@code assignee_id}, {@code requester_id},
 * {@code current_tags} (includes / not_includes, space-separated), {@code role} of the current user
 * ({@code end_user}, {@code agent}, {@code admin}), {@code comment_is_public} ({@code true}, {@code false},
 * {@code not_relevant}), {@code current_via_id} and {@code custom_fields_<id>}.
 */
final class TriggerConditions {
  record Condition(String field, String operator, String value) {}

  private static final List<String> CHANGE_OPERATORS = List.of("is", "is_not", "changed", "not_changed", "value",
      "not_value", "value_previous", "not_value_previous");
  private static final List<String> ORDERED_OPERATORS = List.of("is", "is_not", "less_than", "greater_than",
      "changed", "not_changed", "value", "not_value", "value_previous", "not_value_previous");
  private static final Map<String, List<String>> OPERATORS = Map.of(
      "update_type", List.of("is"),
      "status", ORDERED_OPERATORS,
      "priority", ORDERED_OPERATORS,
      "group_id", CHANGE_OPERATORS,
      "assignee_id", CHANGE_OPERATORS,
      "requester_id", CHANGE_OPERATORS,
      "current_tags", List.of("includes", "not_includes"),
      "role", List.of("is", "is_not"),
      "comment_is_public", List.of("is"),
      "current_via_id", List.of("is", "is_not"));

  private TriggerConditions() {
  }

  /** A condition a trigger may hold, else 422 as when saving it. */
  static void check(Condition c) {
    String field = c.field();
    List<String> operators = field != null && field.matches("custom_fields_\\d+")
        ? List.of("is", "is_not", "present", "not_present") : OPERATORS.get(field);
    if (operators == null) {
      throw ZendeskError.invalid("conditions", "InvalidValue", "Conditions: unknown field " + field);
    }
    if (!operators.contains(c.operator())) {
      throw ZendeskError.invalid("conditions", "InvalidValue",
          "Conditions: operator " + c.operator() + " is not valid for " + field);
    }
    boolean valueless = List.of("changed", "not_changed", "present", "not_present").contains(c.operator());
    if (!valueless && c.value() == null) {
      throw ZendeskError.invalid("conditions", "BlankValue", "Conditions: " + field + " needs a value");
    }
    String v = c.value();
    boolean valid = switch (field) {
      case "update_type" -> List.of("Create", "Change").contains(v);
      case "status" -> valueless || Ticket.STATUSES.contains(v);
      case "priority" -> valueless || v.isEmpty() || Ticket.PRIORITIES.contains(v);
      case "role" -> List.of("end_user", "agent", "admin").contains(v);
      case "comment_is_public" -> List.of("true", "false", "not_relevant").contains(v);
      case "current_via_id" -> v.matches("\\d+");
      case "group_id", "requester_id" -> valueless || v.isEmpty() || v.matches("\\d+");
      case "assignee_id" -> valueless || v.isEmpty() || v.matches("\\d+") || v.equals("current_user");
      default -> true;
    };
    if (!valid) {
      throw ZendeskError.invalid("conditions", "InvalidValue",
          "Conditions: " + v + " is not a valid value for " + field);
    }
  }

  /** Whether the ticket, as it is now within the update {@code change}, meets the condition. */
  static boolean holds(Condition c, TicketChange change, Ticket ticket) {
    String op = c.operator();
    String v = c.value();
    return switch (c.field()) {
      case "update_type" -> change.created() == "Create".equals(v);
      case "role" -> {
        String role = change.actor().role().replace('-', '_');
        yield "is".equals(op) == role.equals(v);
      }
      case "comment_is_public" -> switch (v) {
        case "true" -> change.comment() != null && change.comment().isPublic();
        case "false" -> change.comment() != null && !change.comment().isPublic();
        default -> true;
      };
      case "current_via_id" -> "is".equals(op) == (change.viaId() == Integer.parseInt(v));
      case "current_tags" -> {
        Set<String> wanted = Set.copyOf(Arrays.asList(v.trim().toLowerCase().split("\\s+")));
        boolean any = ticket.tags.stream().anyMatch(wanted::contains);
        yield "includes".equals(op) == any;
      }
      default -> c.field().startsWith("custom_fields_") ? customField(c, ticket) : field(c, change, ticket);
    };
  }

  private static boolean customField(Condition c, Ticket ticket) {
    Object value = ticket.customFields.get(Long.parseLong(c.field().substring("custom_fields_".length())));
    return switch (c.operator()) {
      case "present" -> value != null && !value.toString().isEmpty();
      case "not_present" -> value == null || value.toString().isEmpty();
      case "is" -> value != null && value.toString().equals(c.value());
      default -> value == null || !value.toString().equals(c.value());
    };
  }

  private static boolean field(Condition c, TicketChange change, Ticket ticket) {
    String now = text(ticket.field(c.field()));
    String before = change.created() ? null : text(change.before().get(c.field()));
    String v = "current_user".equals(c.value()) ? Long.toString(change.actor().id()) : c.value();
    String wanted = v == null || v.isEmpty() ? null : v;
    return switch (c.operator()) {
      case "is" -> Objects.equals(now, wanted);
      case "is_not" -> !Objects.equals(now, wanted);
      case "less_than" -> rank(c.field(), now) < rank(c.field(), wanted);
      case "greater_than" -> rank(c.field(), now) > rank(c.field(), wanted);
      case "changed" -> !Objects.equals(before, now);
      case "not_changed" -> Objects.equals(before, now);
      case "value" -> !Objects.equals(before, now) && Objects.equals(now, wanted);
      case "not_value" -> !Objects.equals(before, now) && !Objects.equals(now, wanted);
      case "value_previous" -> !Objects.equals(before, now) && Objects.equals(before, wanted);
      default -> !Objects.equals(before, now) && !Objects.equals(before, wanted); // not_value_previous
    };
  }

  private static int rank(String field, String value) {
    List<String> order = "status".equals(field) ? Ticket.STATUSES : Ticket.PRIORITIES;
    return value == null ? -1 : order.indexOf(value);
  }

  private static String text(Object value) {
    return value == null ? null : value.toString();
  }
}
