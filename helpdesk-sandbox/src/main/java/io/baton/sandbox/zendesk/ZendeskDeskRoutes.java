package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskApi;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * The console's Support actions beside the shared desk API, under {@code /sandbox/zendesk}: {@code POST tickets
 * {"requesterEmail", "requesterName"?, "subject", "comment", "tags"?}} creates a ticket as the agent (tag
 * {@code sunco_send} by default: how a person starts the agent-initiated flow), {@code POST tickets/{id}/notes
 * {"text"}} adds an internal note, {@code POST tickets/{id}/attachments {"fileName", "contentType"?, "contentBase64",
 * "text"?}} uploads and attaches a file, {@code POST tickets/{id}/close} closes. Each answers the chat as the desk API
 * does; errors are problem+json.
 */
final class ZendeskDeskRoutes {
  static final String BASE = "/sandbox/" + ZendeskSupportSimulator.NAME + "/tickets";

  private ZendeskDeskRoutes() {
  }

  static void register(Javalin app, ZendeskSupportSimulator z) {
    ZendeskDesk agent = z.agent();
    app.post(BASE, ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      List<String> tags = null;
      if (body.has("tags")) {
        if (!body.get("tags").isArray()) {
          throw new DeskException(400, "tags must be an array of strings");
        }
        tags = new ArrayList<>();
        for (JsonNode t : body.get("tags")) {
          tags.add(t.asText());
        }
      }
      List<String> chosenTags = tags;
      String email = DeskRequests.text(body, "requesterEmail");
      String name = body.path("requesterName").isTextual() && !body.get("requesterName").asText().isBlank()
          ? body.get("requesterName").asText() : null;
      String subject = DeskRequests.text(body, "subject");
      String comment = DeskRequests.text(body, "comment");
      long id;
      try {
        id = agent.createTicket(email, name, subject, comment, chosenTags);
      } catch (ZendeskError e) {
        throw new DeskException(400, e.getMessage()); // a new ticket has no state to conflict with: bad input
      }
      answer(ctx, 201, agent, id);
    });
    app.post(BASE + "/{id}/notes", ctx -> {
      long id = id(ctx);
      String text = DeskRequests.text(DeskRequests.object(ctx), "text");
      agent.desk().refusing(() -> agent.comment(id, text, false));
      answer(ctx, 200, agent, id);
    });
    app.post(BASE + "/{id}/attachments", ctx -> {
      long id = id(ctx);
      JsonNode body = DeskRequests.object(ctx);
      byte[] bytes;
      try {
        bytes = Base64.getDecoder().decode(DeskRequests.text(body, "contentBase64"));
      } catch (IllegalArgumentException e) {
        throw new DeskException(400, "contentBase64 is not base64");
      }
      String contentType = body.path("contentType").asText("application/octet-stream");
      String text = body.path("text").asText("");
      String fileName = DeskRequests.text(body, "fileName");
      agent.desk().refusing(() -> agent.attach(id, fileName, contentType, bytes, text));
      answer(ctx, 200, agent, id);
    });
    app.post(BASE + "/{id}/close", ctx -> {
      long id = id(ctx);
      agent.desk().refusing(() -> agent.close(id));
      answer(ctx, 200, agent, id);
    });
  }

  private static void answer(Context ctx, int status, ZendeskDesk agent, long id) {
    KitJson.write(ctx, status, DeskApi.toJson(agent.desk().require(Long.toString(id)), agent.desk()));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw DeskException.notFound(ZendeskSupportSimulator.NAME, ctx.pathParam("id"));
    }
  }

}
