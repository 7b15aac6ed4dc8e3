package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;

/**
 * The sandbox's own routes around SunCo (not SunCo API; errors are problem+json). The messenger, where a person plays
 * an end user (the page is {@code /console/messenger.html}): {@code POST /zendesk/messenger/users {"externalId"?,
 * "email"?, "givenName"?}} picks or creates the user (by externalId, else by email); {@code GET .../users/{externalId}/conversation} shows their
 * conversation and messages; {@code POST .../users/{externalId}/messages {"text"}} writes; {@code POST
 * .../users/{externalId}/replies {"messageId", "action"}} taps a quick reply. The agent's extras beside the desk:
 * {@code POST /sandbox/sunco/tickets/{id}/attachments {"mediaUrl", "type": "image"|"file", "altText"?}} and
 * {@code POST /sandbox/sunco/tickets/{id}/transferToEmail}; {@code GET /sandbox/sunco/tickets} lists tickets.
 */
final class MessengerApi {
  static final String BASE = "/zendesk/messenger";
  static final String SANDBOX = "/sandbox/" + SuncoSimulator.NAME;

  private MessengerApi() {
  }

  static void register(Javalin app, SuncoSimulator sunco) {
    app.get(BASE, ctx -> ctx.redirect("/console/messenger.html"));
    app.post(BASE + "/users", guarded(ctx -> {
      JsonNode body = body(ctx);
      SuncoUsers.User user = sunco.locked(() -> sunco.messenger().user(optional(body, "externalId"),
          optional(body, "email"), optional(body, "givenName")));
      KitJson.write(ctx, 200, view(sunco, user.externalId()));
    }));
    app.get(BASE + "/users/{externalId}/conversation",
        guarded(ctx -> KitJson.write(ctx, 200, view(sunco, ctx.pathParam("externalId")))));
    app.post(BASE + "/users/{externalId}/messages", guarded(ctx -> {
      sunco.userWrites(ctx.pathParam("externalId"), text(body(ctx), "text"));
      KitJson.write(ctx, 201, view(sunco, ctx.pathParam("externalId")));
    }));
    app.post(BASE + "/users/{externalId}/replies", guarded(ctx -> {
      JsonNode body = body(ctx);
      if (!body.path("action").isInt()) {
        throw new DeskException(400, "action is required (the reply's index)");
      }
      sunco.userTapsReply(ctx.pathParam("externalId"), text(body, "messageId"), body.get("action").asInt());
      KitJson.write(ctx, 201, view(sunco, ctx.pathParam("externalId")));
    }));

    app.get(SANDBOX + "/tickets", ctx -> KitJson.write(ctx, 200, sunco.tickets()));
    app.post(SANDBOX + "/tickets/{id}/attachments", guarded(ctx -> {
      JsonNode body = body(ctx);
      String type = text(body, "type");
      if (!type.equals("image") && !type.equals("file")) {
        throw new DeskException(400, "type must be image or file");
      }
      sunco.agentAttaches(ctx.pathParam("id"), text(body, "mediaUrl"), type.equals("image"),
          optional(body, "altText"));
      KitJson.write(ctx, 200, sunco.ticket(ctx.pathParam("id")).orElseThrow());
    }));
    app.post(SANDBOX + "/tickets/{id}/transferToEmail", guarded(ctx -> {
      sunco.transferToEmail(ctx.pathParam("id"));
      KitJson.write(ctx, 200, sunco.ticket(ctx.pathParam("id")).orElseThrow());
    }));
  }

  /** The user, their latest conversation and its messages (null conversation: none yet). */
  private static ObjectNode view(SuncoSimulator sunco, String externalId) {
    return sunco.locked(() -> {
      SuncoUsers.User user = sunco.users().byExternalId(externalId)
          .orElseThrow(() -> new DeskException(404, "No user with externalId " + externalId));
      ObjectNode answer = SuncoJson.object();
      answer.set("user", user.toJson());
      SuncoConversation c = sunco.messenger().conversationOf(externalId).orElse(null);
      answer.set("conversation", c == null ? null : sunco.conversations().toJson(c));
      ArrayNode messages = answer.putArray("messages");
      if (c != null) {
        c.messages.forEach(m -> messages.add(m.json().deepCopy()));
      }
      return answer;
    });
  }

  /** SunCo's refusals read as the sandbox's problem+json. */
  private static Handler guarded(Handler handler) {
    return ctx -> {
      try {
        handler.handle(ctx);
      } catch (SuncoError e) {
        KitJson.problem(ctx, e.status(), e.code(), e.getMessage(), e.getMessage());
      }
    };
  }

  private static JsonNode body(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw new DeskException(400, "Body must be a JSON object");
    }
    return body;
  }

  private static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new DeskException(400, field + " is required (non-empty string)");
    }
    return value.asText();
  }

  private static String optional(JsonNode body, String field) {
    JsonNode value = body.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }
}
