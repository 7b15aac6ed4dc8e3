package io.baton.sandbox.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Dixa's HTTP side: the API v1 under {@code /dixa/v1} (what a connector calls instead of
 * {@code https://dev.dixa.io/v1}; errors are Dixa's {@code {"message": ...}}; every call goes through the rate limit
 * and the faults of its operation), and the sandbox's {@code /sandbox/dixa/conversations/{id}/abandon} (problem+json
 * errors). The agent's side is {@link DixaDesk}.
 */
public final class DixaApi {
  public static final String BASE_PATH = "/dixa/v1";
  static final String SANDBOX = "/sandbox/" + DixaSimulator.NAME;

  private DixaApi() {
  }

  private interface Action {
    void run(String org) throws Exception;
  }

  public static void register(Javalin app, DixaSimulator dixa) {
    String v1 = BASE_PATH;
    app.post(v1 + "/endusers", ctx -> api(ctx, dixa, "endusers", org -> {
      JsonNode body = body(ctx);
      Map<String, Object> fields = new LinkedHashMap<>();
      for (String f : List.of("displayName", "email", "phoneNumber", "firstName", "lastName", "externalId")) {
        if (body.path(f).isTextual()) {
          fields.put(f, body.get(f).asText());
        }
      }
      if (!fields.containsKey("email") && !fields.containsKey("phoneNumber") && !fields.containsKey("externalId")) {
        throw new DixaError(400, "Invalid value for: body (an email, phoneNumber or externalId is required)");
      }
      Map<String, Object> user = dixa.createEndUser(org, fields);
      json(ctx, 201, Map.of("data", user));
    }));
    app.get(v1 + "/endusers", ctx -> api(ctx, dixa, "endusers.find", org -> {
      for (String f : List.of("email", "phone", "externalId")) {
        String value = ctx.queryParam(f);
        if (value != null && !value.isBlank()) {
          json(ctx, 200, Map.of("data", dixa.findEndUsers(org, f.equals("phone") ? "phoneNumber" : f, value),
              "meta", Map.of()));
          return;
        }
      }
      json(ctx, 200, Map.of("data", dixa.endUsers().stream().toList(), "meta", Map.of()));
    }));
    app.get(v1 + "/endusers/{id}/conversations",
        ctx -> api(ctx, dixa, "endusers.conversations", org -> json(ctx, 200, Map.of("data",
            dixa.conversationsOf(org, ctx.pathParam("id")).stream().map(DixaApi::view).toList()))));
    app.post(v1 + "/conversations/import", ctx -> api(ctx, dixa, "import", org -> {
      JsonNode body = body(ctx);
      String channel = text(body, "genericChannelName");
      String requester = text(body, "requesterId");
      List<DixaConversation.Message> history = new ArrayList<>();
      for (JsonNode m : body.path("messages")) {
        String type = m.path("_type").asText("Inbound");
        if (!type.equals("Inbound") && !type.equals("Outbound")) {
          throw new DixaError(400, "Invalid value for: body (message _type " + type + ")");
        }
        Instant at = m.path("createdAt").isTextual() ? Instant.parse(m.get("createdAt").asText()) : Instant.now();
        history.add(new DixaConversation.Message(java.util.UUID.randomUUID().toString(), type.toLowerCase(),
            type.equals("Inbound") ? requester : body.path("agentId").asText("bot"),
            m.path("content").path("value").asText(), List.of(), at));
      }
      String externalId = body.path("externalId").isTextual() ? body.get("externalId").asText() : null;
      long id = dixa.importConversation(org, requester, channel, externalId, history);
      json(ctx, 201, Map.of("data", Map.of("id", id, "partialErrors", List.of())));
    }));
    app.post(v1 + "/conversations", ctx -> api(ctx, dixa, "create", org -> {
      JsonNode body = body(ctx);
      JsonNode message = body.path("message");
      String text = message.path("content").path("value").asText(null);
      if (text == null) {
        throw new DixaError(400, "Invalid value for: body (message.content.value)");
      }
      String direction = message.path("_type").asText("Inbound").toLowerCase();
      long id = dixa.createConversation(org, text(body, "requesterId"), text(body, "_type"),
          new DixaConversation.Message(java.util.UUID.randomUUID().toString(), direction,
              body.get("requesterId").asText(), text, List.of(), Instant.now()));
      json(ctx, 201, Map.of("data", Map.of("id", id)));
    }));
    app.post(v1 + "/conversations/{id}/messages", ctx -> api(ctx, dixa, "message", org -> {
      JsonNode body = body(ctx);
      String type = text(body, "_type");
      if (!type.equals("Inbound") && !type.equals("Outbound")) {
        throw new DixaError(400, "Invalid value for: body (_type)");
      }
      JsonNode content = body.path("content");
      if (!content.path("value").isTextual()) {
        throw new DixaError(400, "Invalid value for: body (content.value)");
      }
      List<String> attachments = new ArrayList<>();
      body.path("attachments").forEach(a -> attachments.add(a.path("url").asText()));
      DixaConversation.Message m = dixa.addMessage(org, id(ctx), type.toLowerCase(),
          type.equals("Outbound") ? text(body, "agentId") : null, content.get("value").asText(), attachments,
          body.path("externalId").isTextual() ? body.get("externalId").asText() : null);
      json(ctx, 200, Map.of("data", Map.of("content", Map.of("value", m.text(), "_type", "Text"),
          "direction", m.direction(), "authorId", m.authorId(), "messageId", m.messageId(),
          "createdAt", m.createdAt().toString())));
    }));
    app.put(v1 + "/conversations/{id}/transfer/queue", ctx -> api(ctx, dixa, "transfer", org -> {
      dixa.transferToQueue(org, id(ctx), text(body(ctx), "queueId"));
      ctx.status(204);
    }));
    app.put(v1 + "/conversations/{id}/close", ctx -> api(ctx, dixa, "close", org -> {
      dixa.close(org, id(ctx));
      ctx.status(204);
    }));
    app.put(v1 + "/conversations/{id}/tags/{tagId}", ctx -> api(ctx, dixa, "tag", org -> {
      dixa.tag(org, id(ctx), ctx.pathParam("tagId"));
      ctx.status(204);
    }));
    app.delete(v1 + "/conversations/{id}/tags/{tagId}", ctx -> api(ctx, dixa, "untag", org -> {
      dixa.untag(org, id(ctx), ctx.pathParam("tagId"));
      ctx.status(204);
    }));
    app.post(v1 + "/conversations/{id}/tags/bulk", ctx -> api(ctx, dixa, "tag", org -> {
      List<String> names = new ArrayList<>();
      for (JsonNode t : body(ctx).path("data")) {
        names.add(text(t, "name"));
      }
      if (names.isEmpty()) {
        throw new DixaError(400, "Invalid value for: body (data)");
      }
      dixa.tagByNames(org, id(ctx), names);
      ctx.status(204);
    }));
    app.get(v1 + "/tags", ctx -> api(ctx, dixa, "tags", org -> json(ctx, 200, Map.of("data", dixa.tagList()))));
    app.post(v1 + "/tags", ctx -> api(ctx, dixa, "tags.create", org -> json(ctx, 201,
        Map.of("data", dixa.createTag(text(body(ctx), "name"))))));
    app.get(v1 + "/queues", ctx -> api(ctx, dixa, "queues", org -> json(ctx, 200, Map.of("data", dixa.queueList()))));
    app.post(v1 + "/webhooks", ctx -> api(ctx, dixa, "webhooks", org -> {
      JsonNode body = body(ctx);
      List<String> events = new ArrayList<>();
      body.path("events").forEach(e -> events.add(e.asText()));
      if (events.isEmpty()) {
        throw new DixaError(400, "Invalid value for: body (events)");
      }
      json(ctx, 201, Map.of("data", dixa.subscribe(org, text(body, "name"), text(body, "url"), events)));
    }));
    app.get(v1 + "/webhooks", ctx -> api(ctx, dixa, "webhooks.list", org -> json(ctx, 200,
        Map.of("data", dixa.subscriptionsOf(org)))));
    app.delete(v1 + "/webhooks/{id}", ctx -> api(ctx, dixa, "webhooks.delete", org -> {
      dixa.unsubscribe(org, ctx.pathParam("id"));
      ctx.status(204);
    }));

    // Not an agent's action (those are on the desk API): the end user leaves before an agent answered.
    app.post(SANDBOX + "/conversations/{id}/abandon", ctx -> {
      try {
        dixa.abandon(id(ctx));
        json(ctx, 200, view(dixa.conversation(id(ctx)).orElseThrow()));
      } catch (DixaError e) {
        KitJson.problem(ctx, e.status(), "dixa", e.getMessage(), e.getMessage());
      }
    });
  }

  static Map<String, Object> view(DixaConversation c) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("id", c.id());
    v.put("requesterId", c.requesterId());
    v.put("channel", c.channel());
    v.put("externalId", c.externalId());
    v.put("status", c.status());
    v.put("queueId", c.queueId());
    v.put("assignee", c.assignee());
    v.put("tags", c.tags());
    v.put("createdAt", c.createdAt().toString());
    v.put("messages", c.messages().stream().map(m -> Map.of("messageId", m.messageId(), "direction",
        m.direction(), "authorId", m.authorId(), "text", m.text(), "attachments", m.attachmentUrls(),
        "createdAt", m.createdAt().toString())).toList());
    return v;
  }

  /** Authentication, then the rate limit, then the call: a 429 costs the caller nothing but time. */
  private static void api(Context ctx, DixaSimulator dixa, String operation, Action action) throws Exception {
    try {
      String org = dixa.organizationOf(ctx.header("Authorization"));
      if (dixa.rateLimiter().refuse(ctx, DixaSimulator.tokenOf(ctx.header("Authorization")), DixaApi::error)
          || dixa.faults().refuse(ctx, operation, DixaApi::error)) {
        return;
      }
      action.run(org);
      ApiFaults.afterCall(ctx, DixaApi::error);
    } catch (DixaError e) {
      error(ctx, e.status(), e.getMessage());
    }
  }

  /** Dixa's error answer: {@code {"message": ...}}. */
  private static void error(Context ctx, int status, String message) {
    ctx.status(status).contentType("application/json").result(KitJson.write(Map.of("message", message)));
  }

  private static long id(Context ctx) {
    try {
      return Long.parseLong(ctx.pathParam("id"));
    } catch (NumberFormatException e) {
      throw new DixaError(400, "Invalid value for: path parameter conversationId");
    }
  }

  private static JsonNode body(Context ctx) {
    try {
      JsonNode body = DixaSimulator.JSON.readTree(ctx.body());
      if (body == null || !body.isObject()) {
        throw new DixaError(400, "Invalid value for: body");
      }
      return body;
    } catch (java.io.IOException e) {
      throw new DixaError(400, "Invalid value for: body");
    }
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new DixaError(400, "Invalid value for: body (" + field + ")");
    }
    return value.asText();
  }

  private static void json(Context ctx, int status, Object value) throws java.io.IOException {
    ctx.status(status).contentType("application/json").result(DixaSimulator.JSON.writeValueAsString(value));
  }
}
