package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/** One ticket trigger: its conditions ({@code all} and {@code any}) and actions, and where it runs (position). */
final class Trigger {
  final long id;
  String title;
  boolean active;
  long position;
  String description;
  List<TriggerConditions.Condition> all;
  List<TriggerConditions.Condition> any;
  List<SupportTriggers.Action> actions;
  final Instant createdAt;
  Instant updatedAt;

  Trigger(long id, Instant at) {
    this.id = id;
    this.createdAt = at;
    this.updatedAt = at;
  }

  Map<String, Object> toJson(String apiUrl) {
    return KitJson.object("id", id, "url", apiUrl + "/triggers/" + id + ".json", "title", title, "active", active,
        "position", position, "description", description, "conditions", KitJson.object("all", conditions(all),
            "any", conditions(any)),
        "actions", actions.stream().map(a -> KitJson.object("field", a.field(), "value", a.value())).toList(),
        "created_at", createdAt.toString(), "updated_at", updatedAt.toString());
  }

  private static List<Map<String, Object>> conditions(List<TriggerConditions.Condition> list) {
    return list.stream().map(c -> KitJson.object("field", c.field(), "operator", c.operator(), "value", c.value()))
        .toList();
  }
}
