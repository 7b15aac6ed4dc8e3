package io.baton.sandbox.freshchat;

import static io.baton.sandbox.freshchat.FreshchatApi.BASE_PATH;
import static io.baton.sandbox.freshchat.FreshchatApi.handle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.freshchat.FreshchatConversations.Actor;
import io.baton.sandbox.freshchat.FreshchatConversations.Conversation;
import io.javalin.Javalin;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The API's conversations: {@code POST /conversations} (with its initial messages), {@code GET|PUT
 * /conversations/{id}}, {@code POST|GET /conversations/{id}/messages} (the list newest first, {@code from_time} keeps the later ones).
 */
final class FreshchatConversationApi {
  private FreshchatConversationApi() {
  }

  static void register(Javalin app, FreshchatSimulator fc) {
    FreshchatConversations conversations = fc.conversationStore();
    app.post(BASE_PATH + "/conversations", ctx -> handle(ctx, fc, "conversations.create", 201, c -> {
      JsonNode body = Json.body(c);
      String channelId = Json.requiredText(body, "channel_id", "");
      List<String> users = users(body);
      List<MessageInput> messages = new ArrayList<>();
      JsonNode given = body.path("messages");
      if (!given.isMissingNode() && !given.isNull()) {
        if (!given.isArray()) {
          throw FreshchatError.invalid("messages must be a list of messages");
        }
        for (int i = 0; i < given.size(); i++) {
          messages.add(MessageInput.parse(given.get(i), "messages[" + i + "]"));
        }
      }
      return FreshchatPayloads.conversation(conversations.create(channelId, users, messages, properties(body),
          Json.optionalText(body, "assigned_group_id", ""), Json.optionalText(body, "assigned_agent_id", ""),
          Json.optionalText(body, "status", "")));
    }));
    app.get(BASE_PATH + "/conversations/{id}", ctx -> handle(ctx, fc, "conversations.get", 200,
        c -> FreshchatPayloads.conversation(conversations.get(c.pathParam("id")))));
    app.put(BASE_PATH + "/conversations/{id}", ctx -> handle(ctx, fc, "conversations.update", 200, c -> {
      Conversation conv = conversations.get(c.pathParam("id"));
      JsonNode body = Json.body(c);
      Map<String, Object> properties = body.has("properties") ? properties(body) : Map.of();
      FreshchatConversations.Update update = new FreshchatConversations.Update(
          Json.optionalText(body, "status", ""), Json.optionalText(body, "assigned_agent_id", ""),
          body.has("assigned_agent_id"), Json.optionalText(body, "assigned_group_id", ""),
          body.has("assigned_group_id"));
      if (update.status() == null && !update.agentGiven() && !update.groupGiven() && properties.isEmpty()) {
        throw FreshchatError.invalid("nothing to update: give status, assigned_agent_id, assigned_group_id or "
            + "properties");
      }
      conversations.update(conv, update, Actor.API);
      conv.properties.putAll(properties); // [guess] properties merge, and fire nothing
      return FreshchatPayloads.conversation(conv);
    }));
    app.post(BASE_PATH + "/conversations/{id}/messages", ctx -> handle(ctx, fc, "messages.create", 201, c -> {
      Conversation conv = conversations.get(c.pathParam("id"));
      return view(conversations.post(conv, MessageInput.parse(Json.body(c), "")));
    }));
    app.get(BASE_PATH + "/conversations/{id}/messages", ctx -> handle(ctx, fc, "messages.list", 200, c -> {
      Conversation conv = conversations.get(c.pathParam("id"));
      int[] paging = FreshchatApi.paging(c, 20, 50);
      Instant from = fromTime(c.queryParam("from_time"));
      List<Map<String, Object>> newestFirst = new ArrayList<>();
      for (int i = conv.messages.size() - 1; i >= 0; i--) {
        if (from == null || conv.messages.get(i).createdTime().isAfter(from)) {
          newestFirst.add(view(conv.messages.get(i)));
        }
      }
      return FreshchatApi.page("messages", newestFirst, paging);
    }));
  }

  static Map<String, Object> view(FreshchatMessage m) {
    return Json.object("id", m.id(), "created_time", m.createdTime().toString(), "conversation_id",
        m.conversationId(), "channel_id", m.channelId(), "app_id", FreshchatAccount.APP_ID, "user_id", m.userId(),
        "actor_type", m.actorType(), "actor_id", m.actorId(), "message_type", m.messageType(), "message_parts",
        m.parts());
  }

  /** {@code from_time}: only the messages created after it (ISO-8601); null when absent. */
  private static Instant fromTime(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value);
    } catch (DateTimeParseException e) {
      throw FreshchatError.invalid("from_time must be an ISO-8601 UTC time such as 2025-01-01T00:00:00Z");
    }
  }

  /** {@code users: [{id}, ...]}: the ids, each once. */
  private static List<String> users(JsonNode body) {
    JsonNode v = body.path("users");
    if (!v.isArray() || v.isEmpty()) {
      throw FreshchatError.invalid("users is required: a list of {id}");
    }
    List<String> ids = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      String id = v.get(i).isObject() ? Json.requiredText(v.get(i), "id", "users[" + i + "].") : null;
      if (id == null) {
        throw FreshchatError.invalid("users[" + i + "] must be {id}");
      }
      if (!ids.contains(id)) {
        ids.add(id);
      }
    }
    return ids;
  }

  /** {@code properties: {name: value}}: values strings, numbers or booleans [guess], kept as given. */
  private static Map<String, Object> properties(JsonNode body) {
    JsonNode v = body.path("properties");
    if (v.isMissingNode() || v.isNull()) {
      return Map.of();
    }
    if (!v.isObject()) {
      throw FreshchatError.invalid("properties must be an object of name to value");
    }
    Map<String, Object> properties = new LinkedHashMap<>();
    for (Map.Entry<String, JsonNode> e : (Iterable<Map.Entry<String, JsonNode>>) v::fields) {
      JsonNode value = e.getValue();
      if (value.isTextual()) {
        properties.put(e.getKey(), value.asText());
      } else if (value.isNumber()) {
        properties.put(e.getKey(), value.numberValue());
      } else if (value.isBoolean()) {
        properties.put(e.getKey(), value.asBoolean());
      } else {
        throw FreshchatError.invalid("properties." + e.getKey() + " must be a string, number or boolean");
      }
    }
    return properties;
  }
}
