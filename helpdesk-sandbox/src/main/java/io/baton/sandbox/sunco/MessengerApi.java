package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Handler;

/**
 * The sandbox's own routes around SunCo (not SunCo API; errors are problem+json). The messenger, where a person plays
 * an end user (the page is {@code /console/messenger.html}): {@code POST /zendesk/messenger/users {"externalId"?,
 * "email"?, "givenName"?}} picks or creates the user (by externalId, else by email); {@code GET .../users/{externalId}/conversation} shows their
 * conversation and messages; {@code POST .../users/{externalId}/messages {"text"}} writes, {@code {"type": "image"|"file", "mediaUrl",
 * "text"?}} sends a file; {@code POST
 * .../users/{externalId}/replies {"messageId", "action"}} taps a quick reply; {@code POST .../typing {"typing"}}. The agent's extras beside the desk:
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
      JsonNode body = DeskRequests.object(ctx);
      SuncoUsers.User user = sunco.locked(() -> sunco.messenger().user(DeskRequests.optional(body, "externalId"),
          DeskRequests.optional(body, "email"), DeskRequests.optional(body, "givenName")));
      KitJson.write(ctx, 200, view(sunco, user.externalId()));
    }));
    app.get(BASE + "/users/{externalId}/conversation",
        guarded(ctx -> KitJson.write(ctx, 200, view(sunco, ctx.pathParam("externalId")))));
    app.post(BASE + "/users/{externalId}/messages", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      String externalId = ctx.pathParam("externalId");
      if (body.has("mediaUrl")) {
        String type = DeskRequests.text(body, "type");
        if (!type.equals("image") && !type.equals("file")) {
          throw new DeskException(400, "type must be image or file");
        }
        sunco.userSends(externalId, DeskRequests.text(body, "mediaUrl"), type.equals("image"),
            DeskRequests.optional(body, "text"));
      } else {
        sunco.userWrites(externalId, DeskRequests.text(body, "text"));
      }
      KitJson.write(ctx, 201, view(sunco, externalId));
    }));
    app.post(BASE + "/users/{externalId}/typing", guarded(ctx -> {
      JsonNode typing = DeskRequests.object(ctx).path("typing");
      if (!typing.isBoolean()) {
        throw new DeskException(400, "typing is required (boolean)");
      }
      sunco.userTyping(ctx.pathParam("externalId"), typing.asBoolean());
      KitJson.write(ctx, 200, view(sunco, ctx.pathParam("externalId")));
    }));
    app.post(BASE + "/users/{externalId}/replies", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      if (!body.path("action").isInt()) {
        throw new DeskException(400, "action is required (the reply's index)");
      }
      sunco.userTapsReply(ctx.pathParam("externalId"), DeskRequests.text(body, "messageId"),
          body.get("action").asInt());
      KitJson.write(ctx, 201, view(sunco, ctx.pathParam("externalId")));
    }));

    app.get(SANDBOX + "/tickets", ctx -> KitJson.write(ctx, 200, sunco.tickets()));
    app.post(SANDBOX + "/tickets/{id}/attachments", guarded(ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      String type = DeskRequests.text(body, "type");
      if (!type.equals("image") && !type.equals("file")) {
        throw new DeskException(400, "type must be image or file");
      }
      sunco.agentAttaches(ctx.pathParam("id"), DeskRequests.text(body, "mediaUrl"), type.equals("image"),
          DeskRequests.optional(body, "altText"));
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

}
