package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Ticket triggers (api-reference/ticketing/business-rules/triggers) and the trigger cycle: after every ticket create
 * or update, whoever made it, the active triggers are checked in position order; each fires at most once per update;
 * when one changes the ticket, the check starts again from the top with the changed ticket ("Triggers ... run in
 * order, and a trigger that updates the ticket can cause others to fire", About triggers). Webhook notifications are
 * collected and sent once the cycle is over, rendered against the ticket as it was saved. Only called under the
 * simulator's monitor.
 */
final class SupportTriggers {
  record Action(String field, JsonNode value) {}

  /** A webhook the cycle calls: the trigger that fired and its body template. */
  record Notification(long triggerId, String webhookId, String template) {}

  private final Map<Long, Trigger> triggers = new LinkedHashMap<>();
  private final SupportDirectory directory;
  private final SupportTickets tickets;
  private final Ids ids;

  SupportTriggers(SupportDirectory directory, SupportTickets tickets, Ids ids) {
    this.directory = directory;
    this.tickets = tickets;
    this.ids = ids;
  }

  List<Trigger> triggers() {
    return triggers.values().stream().sorted(Comparator.comparingLong((Trigger t) -> t.position)
        .thenComparingLong(t -> t.id)).toList();
  }

  Trigger trigger(long id) {
    Trigger t = triggers.get(id);
    if (t == null) {
      throw ZendeskError.notFound();
    }
    return t;
  }

  /** Create Trigger: everything checked first; {@code triggerWebhook} tells a trigger-connected webhook id. */
  Trigger create(JsonNode body, Predicate<String> triggerWebhook) {
    Trigger t = new Trigger(ids.next(), Instant.now());
    t.position = triggers.values().stream().mapToLong(x -> x.position).max().orElse(0) + 1;
    t.active = true;
    apply(t, body, triggerWebhook, true);
    triggers.put(t.id, t);
    return t;
  }

  Trigger update(long id, JsonNode body, Predicate<String> triggerWebhook) {
    Trigger t = trigger(id);
    Trigger draft = new Trigger(t.id, t.createdAt);
    draft.title = t.title;
    draft.active = t.active;
    draft.position = t.position;
    draft.description = t.description;
    draft.all = t.all;
    draft.any = t.any;
    draft.actions = t.actions;
    apply(draft, body, triggerWebhook, false);
    draft.updatedAt = Instant.now();
    triggers.put(id, draft);
    return draft;
  }

  void delete(long id) {
    if (triggers.remove(id) == null) {
      throw ZendeskError.notFound();
    }
  }

  private void apply(Trigger t, JsonNode body, Predicate<String> triggerWebhook, boolean creating) {
    if (body == null || !body.isObject()) {
      throw ZendeskError.badRequest("Parameter trigger is required and must be an object");
    }
    if (body.has("title") || creating) {
      if (!body.path("title").isTextual() || body.get("title").asText().isBlank()) {
        throw ZendeskError.invalid("title", "BlankValue", "Title: cannot be blank");
      }
      t.title = body.get("title").asText();
    }
    if (body.has("active")) {
      if (!body.get("active").isBoolean()) {
        throw ZendeskError.badRequest("active must be a boolean");
      }
      t.active = body.get("active").asBoolean();
    }
    if (body.has("position")) {
      if (!body.get("position").canConvertToLong()) {
        throw ZendeskError.badRequest("position must be a number");
      }
      t.position = body.get("position").asLong();
    }
    if (body.path("description").isTextual()) {
      t.description = body.get("description").asText();
    }
    if (body.has("conditions") || creating) {
      JsonNode conditions = body.path("conditions");
      t.all = conditions(conditions.path("all"));
      t.any = conditions(conditions.path("any"));
      if (t.all.isEmpty() && t.any.isEmpty()) {
        throw ZendeskError.invalid("conditions", "BlankValue", "Conditions: cannot be blank");
      }
    }
    if (body.has("actions") || creating) {
      List<Action> actions = new ArrayList<>();
      for (JsonNode a : body.path("actions")) {
        actions.add(action(a, triggerWebhook));
      }
      if (actions.isEmpty()) {
        throw ZendeskError.invalid("actions", "BlankValue", "Actions: cannot be blank");
      }
      t.actions = List.copyOf(actions);
    }
  }

  private static List<TriggerConditions.Condition> conditions(JsonNode list) {
    if (list.isMissingNode() || list.isNull()) {
      return List.of();
    }
    if (!list.isArray()) {
      throw ZendeskError.badRequest("conditions.all and conditions.any must be arrays");
    }
    List<TriggerConditions.Condition> out = new ArrayList<>();
    for (JsonNode c : list) {
      JsonNode value = c.get("value");
      TriggerConditions.Condition condition = new TriggerConditions.Condition(c.path("field").asText(null),
          c.path("operator").asText(null), value == null || value.isNull() ? null : value.asText());
      TriggerConditions.check(condition);
      out.add(condition);
    }
    return List.copyOf(out);
  }

  private Action action(JsonNode a, Predicate<String> triggerWebhook) {
    String field = a.path("field").asText("");
    JsonNode value = a.path("value");
    switch (field) {
      case "notification_webhook" -> {
        if (!value.isArray() || value.size() != 2 || !value.get(0).isTextual() || !value.get(1).isTextual()) {
          throw ZendeskError.invalid("actions", "InvalidValue",
              "Actions: notification_webhook needs [webhook id, body]");
        }
        if (!triggerWebhook.test(value.get(0).asText())) {
          throw ZendeskError.invalid("actions", "InvalidValue", "Actions: webhook " + value.get(0).asText()
              + " does not exist or is not connected to triggers (conditional_ticket_events)");
        }
      }
      case "status" -> require(Ticket.STATUSES.contains(value.asText()) && !"new".equals(value.asText()), field);
      case "priority" -> require(Ticket.PRIORITIES.contains(value.asText()), field);
      case "group_id" -> require(value.asText().isEmpty() || value.asText().matches("\\d+")
          && directory.groupExists(Long.parseLong(value.asText())), field);
      case "assignee_id" -> require(value.asText().isEmpty() || "current_user".equals(value.asText())
          || value.asText().matches("\\d+") && directory.find(Long.parseLong(value.asText()))
              .filter(SupportUser::isStaff).isPresent(),
          field);
      case "current_tags", "remove_tags", "set_tags" -> require(value.isTextual(), field);
      default -> throw ZendeskError.invalid("actions", "InvalidValue", "Actions: unknown field " + field);
    }
    return new Action(field, value);
  }

  private static void require(boolean valid, String field) {
    if (!valid) {
      throw ZendeskError.invalid("actions", "InvalidValue", "Actions: invalid value for " + field);
    }
  }

  /** The trigger cycle for one update: fires matching triggers, applies their changes, returns the webhooks. */
  List<Notification> run(TicketChange change) {
    Ticket ticket = change.ticket();
    Set<Long> fired = new HashSet<>();
    List<Notification> notifications = new ArrayList<>();
    boolean again = true;
    while (again) {
      again = false;
      for (Trigger t : triggers()) {
        if (!t.active || fired.contains(t.id) || !matches(t, change, ticket)) {
          continue;
        }
        fired.add(t.id);
        boolean changed = false;
        for (Action a : t.actions) {
          if ("notification_webhook".equals(a.field())) {
            notifications.add(new Notification(t.id, a.value().get(0).asText(), a.value().get(1).asText()));
          } else {
            changed |= applyAction(a, change, ticket);
          }
        }
        if (changed) {
          again = true; // start over from the top with the changed ticket
          break;
        }
      }
    }
    return notifications;
  }

  private static boolean matches(Trigger t, TicketChange change, Ticket ticket) {
    return t.all.stream().allMatch(c -> TriggerConditions.holds(c, change, ticket))
        && (t.any.isEmpty() || t.any.stream().anyMatch(c -> TriggerConditions.holds(c, change, ticket)));
  }

  private boolean applyAction(Action a, TicketChange change, Ticket ticket) {
    Map<String, Object> before = ticket.auditedFields();
    String v = a.value().asText();
    switch (a.field()) {
      case "status" -> ticket.status = v;
      case "priority" -> ticket.priority = v;
      case "group_id" -> ticket.groupId = v.isEmpty() ? null : Long.parseLong(v);
      case "assignee_id" -> ticket.assigneeId = v.isEmpty() ? null
          : "current_user".equals(v) ? change.actor().id() : Long.parseLong(v);
      case "current_tags" -> ticket.tags.addAll(TicketRules.normalized(List.of(v)));
      case "remove_tags" -> ticket.tags.removeAll(TicketRules.normalized(List.of(v)));
      default -> { // set_tags
        ticket.tags.clear();
        ticket.tags.addAll(TicketRules.normalized(List.of(v)));
      }
    }
    Map<String, Object> after = ticket.auditedFields();
    boolean changed = false;
    for (Map.Entry<String, Object> e : after.entrySet()) {
      if (!Objects.equals(before.get(e.getKey()), e.getValue())) {
        change.events().add(tickets.changeEvent(e.getKey(), e.getValue(), before.get(e.getKey())));
        changed = true;
      }
    }
    return changed;
  }
}
