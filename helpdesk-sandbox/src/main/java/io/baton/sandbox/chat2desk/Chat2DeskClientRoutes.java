package io.baton.sandbox.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.Map;

/**
 * The sandbox's own routes around Chat2Desk (not its API; errors are problem+json), under
 * {@code /sandbox/chat2desk}. The client, as the page {@code /console/chat2desk.html} plays them: {@code GET
 * channels}; {@code GET clients}; {@code POST clients {"channel_id", "name"?, "phone"?}}; {@code GET clients/{id}}
 * (the client, their latest dialog, the messages they see); {@code POST clients/{id}/messages {"text"?,
 * "attachment"?, "attachment_filename"?}}; {@code POST clients/{id}/buttons {"message_id", "index"}} (tapping a
 * button sends its payload). The operator's extra beside the desk: {@code POST dialogs/{id}/attachments
 * {"attachment", "attachment_filename"?, "text"?}}. The company: {@code PUT operators/{id} {"online"}}, {@code PUT
 * auto-assign {"operator_id": id|null}}, {@code GET deliveries}, {@code POST webhook-receiver/unreachable
 * {"tries"}}.
 */
final class Chat2DeskClientRoutes {
  static final String BASE = "/sandbox/" + Chat2DeskSimulator.NAME;

  private Chat2DeskClientRoutes() {
  }

  static void register(Javalin app, Chat2DeskSimulator c2d) {
    app.get(BASE + "/channels", guarded(ctx -> KitJson.write(ctx, 200, c2d.locked(() -> c2d.company().channels()
        .stream().filter(ch -> !ch.external()).map(ch -> KitJson.object("id", ch.id(), "name", ch.name(),
            "transport", ch.transport()))
        .toList()))));
    app.get(BASE + "/clients", guarded(ctx -> KitJson.write(ctx, 200, c2d.locked(() -> c2d.clients().all().stream()
        .map(c -> Chat2DeskPayloads.clientView(c, c2d.company().channel(c.channelId))).toList()))));
    app.post(BASE + "/clients", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      if (!body.path("channel_id").canConvertToLong()) {
        throw new DeskException(400, "channel_id is required (a channel's id)");
      }
      long id = c2d.newClient(body.get("channel_id").asLong(), DeskRequests.optional(body, "name"),
          DeskRequests.optional(body, "phone"));
      KitJson.write(ctx, 201, view(c2d, id));
    }));
    app.get(BASE + "/clients/{id}", guarded(ctx -> KitJson.write(ctx, 200, view(c2d, id(ctx)))));
    app.post(BASE + "/clients/{id}/messages", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      String attachment = DeskRequests.optional(body, "attachment");
      if (attachment == null) {
        c2d.clientWrites(id(ctx), DeskRequests.text(body, "text"));
      } else {
        c2d.clientSends(id(ctx), attachment, DeskRequests.optional(body, "attachment_filename"),
            DeskRequests.optional(body, "text"));
      }
      KitJson.write(ctx, 201, view(c2d, id(ctx)));
    }));
    app.post(BASE + "/clients/{id}/buttons", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      if (!body.path("message_id").canConvertToLong() || !body.path("index").isInt()) {
        throw new DeskException(400, "message_id and index (the button's) are required");
      }
      c2d.clientTaps(id(ctx), body.get("message_id").asLong(), body.get("index").asInt());
      KitJson.write(ctx, 201, view(c2d, id(ctx)));
    }));
    app.post(BASE + "/dialogs/{id}/attachments", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      Chat2DeskMessage m = c2d.operatorWrites(id(ctx), DeskRequests.optional(body, "text"),
          DeskRequests.text(body, "attachment"), DeskRequests.optional(body, "attachment_filename"));
      KitJson.write(ctx, 201, Chat2DeskPayloads.message(m));
    }));
    app.put(BASE + "/operators/{id}", guarded(ctx -> {
      JsonNode online = DeskRequests.object(ctx).path("online");
      if (!online.isBoolean()) {
        throw new DeskException(400, "online is required (boolean)");
      }
      c2d.setOnline(id(ctx), online.asBoolean());
      KitJson.write(ctx, 200, Map.of("id", id(ctx), "online", online.asBoolean()));
    }));
    app.put(BASE + "/auto-assign", guarded(ctx -> {
      JsonNode operator = DeskRequests.object(ctx).path("operator_id");
      c2d.autoAssign(operator.canConvertToLong() ? operator.asLong() : null);
      KitJson.write(ctx, 200, KitJson.object("operator_id", operator.canConvertToLong() ? operator.asLong() : null));
    }));
    app.get(BASE + "/deliveries", ctx -> KitJson.write(ctx, 200, c2d.deliveries().stream().map(d -> KitJson.object(
        "webhookId", d.subscriptionId(), "event", d.event(), "body", d.body(), "headers", d.headers(),
        "status", d.status(), "at", d.at().toString())).toList()));
    app.post(BASE + "/webhook-receiver/unreachable", guarded(ctx -> {
      JsonNode tries = DeskRequests.object(ctx).path("tries");
      if (!tries.isInt() || tries.asInt() < 0) {
        throw new DeskException(400, "tries is required (a count)");
      }
      c2d.makeWebhookReceiverUnreachable(tries.asInt());
      KitJson.write(ctx, 200, Map.of("tries", tries.asInt()));
    }));
  }

  /** The client, their latest dialog and what they see (their messages and those sent to them). */
  private static Map<String, Object> view(Chat2DeskSimulator c2d, long clientId) {
    return c2d.locked(() -> {
      Chat2DeskClients.Client client = c2d.clients().get(clientId);
      return KitJson.object("client", Chat2DeskPayloads.clientView(client, c2d.company().channel(client.channelId)),
          "dialog", c2d.dialogs().latestOf(clientId).map(d -> Chat2DeskDialogApi.dialogView(c2d, d)).orElse(null),
          "messages", c2d.messages().ofClient(clientId).stream()
              .filter(m -> m.toClient() || m.type().equals(Chat2DeskMessage.FROM_CLIENT))
              .map(Chat2DeskPayloads::message).toList());
    });
  }

  private static long id(Context ctx) {
    String raw = ctx.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      throw new DeskException(404, "No such id " + raw);
    }
    return Long.parseLong(raw);
  }

  /** Chat2Desk's refusals read as the sandbox's problem+json. */
  private static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (Chat2DeskError e) {
        KitJson.problem(ctx, e.status(), "chat2desk", e.getMessage(), e.getMessage());
      }
    };
  }
}
