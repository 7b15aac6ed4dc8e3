package io.baton.sandbox.chat2desk;

import static io.baton.sandbox.chat2desk.Chat2DeskApi.BASE_PATH;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.body;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.call;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.handle;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.pathId;
import static io.baton.sandbox.chat2desk.Chat2DeskApi.text;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The API's webhooks: list, create (at most 5), update, delete. */
final class Chat2DeskWebhookApi {
  private Chat2DeskWebhookApi() {
  }

  static void register(Javalin app, Chat2DeskSimulator c2d) {
    Chat2DeskWebhooks webhooks = c2d.webhooks();
    app.get(BASE_PATH + "/webhooks", ctx -> call(ctx, c2d, "webhooks.list",
        () -> webhooks.all().stream().map(w -> view(webhooks, w)).toList()));
    app.post(BASE_PATH + "/webhooks", ctx -> handle(ctx, c2d, "webhooks", c -> {
      JsonNode body = body(c);
      List<String> events = strings(body, "events");
      List<Long> channels = channels(body);
      return view(webhooks, webhooks.create(text(body, "name"), text(body, "url"), events,
          channels == null ? List.of() : channels));
    }));
    app.put(BASE_PATH + "/webhooks/{id}", ctx -> handle(ctx, c2d, "webhooks.update", c -> {
      long id = pathId(c, "Webhook");
      JsonNode body = body(c);
      return view(webhooks, webhooks.update(id, text(body, "name"), text(body, "url"), strings(body, "events"),
          channels(body)));
    }));
    app.delete(BASE_PATH + "/webhooks/{id}", ctx -> handle(ctx, c2d, "webhooks.delete", c -> {
      webhooks.delete(pathId(c, "Webhook"));
      return KitJson.object("result", "ok");
    }));
  }

  static Map<String, Object> view(Chat2DeskWebhooks webhooks, Chat2DeskWebhooks.Webhook w) {
    return KitJson.object("id", w.id, "name", w.name, "url", w.url, "events", w.events, "channels", w.channels,
        "status", webhooks.disabled(w) ? "disabled" : "active");
  }

  /** A list of strings; null when absent. */
  private static List<String> strings(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw Chat2DeskError.field(field, "must be a list");
    }
    List<String> list = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.isTextual()) {
        throw Chat2DeskError.field(field, "must be a list of strings");
      }
      list.add(e.asText());
    }
    return list;
  }

  private static List<Long> channels(JsonNode body) {
    JsonNode v = body.path("channels");
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isArray()) {
      throw Chat2DeskError.field("channels", "must be a list of channel ids");
    }
    List<Long> list = new ArrayList<>();
    for (JsonNode e : v) {
      if (!e.canConvertToLong() || !e.isIntegralNumber()) {
        throw Chat2DeskError.field("channels", "must be a list of channel ids");
      }
      list.add(e.asLong());
    }
    return list;
  }
}
