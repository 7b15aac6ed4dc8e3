package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/** Users, conversations, messages, activity and the switchboard actions, as the spec's paths have them. */
final class ConversationRoutes {
  private static final int MESSAGE_PAGE = 100;

  private ConversationRoutes() {
  }

  static void register(SuncoApi.Routes r) {
    SuncoSimulator s = r.sunco();
    r.on(HandlerType.GET, "", "GetApp", 200, (ctx, body) -> wrap("app", app()));
    r.on(HandlerType.POST, "/users", "CreateUser", 201,
        (ctx, body) -> wrap("user", s.users().create(body).toJson()));
    r.on(HandlerType.GET, "/users", "ListUsers", 200, (ctx, body) -> {
      String email = ctx.queryParam("filter[identities.email]");
      if (email == null || email.isBlank()) {
        throw SuncoError.badRequest("filter[identities.email] is required");
      }
      ObjectNode answer = SuncoJson.object();
      ArrayNode users = answer.putArray("users");
      s.users().withIdentityEmail(email).forEach(u -> users.add(u.toJson()));
      answer.putObject("meta").put("hasMore", false);
      return answer;
    });
    r.on(HandlerType.GET, "/users/{user}", "GetUser", 200,
        (ctx, body) -> wrap("user", s.users().require(ctx.pathParam("user")).toJson()));

    r.on(HandlerType.POST, "/conversations", "CreateConversation", 201, (ctx, body) -> wrap("conversation",
        s.conversations().toJson(s.conversations().create(body, "none", null))));
    r.on(HandlerType.GET, "/conversations", "ListConversations", 200, (ctx, body) -> {
      int size = pageSize(ctx);
      List<SuncoConversation> all = s.conversations().listFor(ctx.queryParam("filter[userId]"),
          ctx.queryParam("filter[userExternalId]"));
      int from = cursor(ctx, all.stream().map(c -> c.id).toList());
      ObjectNode answer = SuncoJson.object();
      ArrayNode list = answer.putArray("conversations");
      List<SuncoConversation> page = all.subList(from, Math.min(all.size(), from + size));
      page.forEach(c -> list.add(s.conversations().toJson(c)));
      boolean more = from + size < all.size();
      ObjectNode meta = answer.putObject("meta").put("hasMore", more);
      if (more) {
        meta.put("afterCursor", page.get(page.size() - 1).id);
      }
      answer.putObject("links");
      return answer;
    });
    r.on(HandlerType.GET, "/conversations/{id}", "GetConversation", 200, (ctx, body) -> wrap("conversation",
        s.conversations().toJson(s.conversations().require(ctx.pathParam("id")))));

    r.on(HandlerType.POST, "/conversations/{id}/messages", "PostMessage", 201, (ctx, body) -> {
      ObjectNode answer = SuncoJson.object();
      answer.putArray("messages").add(s.conversations().post(ctx.pathParam("id"), body).json().deepCopy());
      return answer;
    });
    r.on(HandlerType.GET, "/conversations/{id}/messages", "ListMessages", 200,
        (ctx, body) -> {
          SuncoConversation c = s.conversations().all().stream().filter(x -> x.id.equals(ctx.pathParam("id")))
              .findFirst().orElseThrow(SuncoError::resourceNotFound); // the spec's 404 for this path
          return messages(ctx, c);
        });
    r.on(HandlerType.POST, "/conversations/{id}/activity", "PostActivity", 200, (ctx, body) -> {
      s.conversations().activity(ctx.pathParam("id"), body);
      return SuncoJson.object();
    });
    r.on(HandlerType.POST, "/conversations/{id}/passControl", "PassControl", 200, (ctx, body) -> {
      s.control().passControl(ctx.pathParam("id"), body);
      return SuncoJson.object();
    });
    r.on(HandlerType.POST, "/conversations/{id}/offerControl", "OfferControl", 200, (ctx, body) -> {
      s.control().offerControl(ctx.pathParam("id"), body);
      return SuncoJson.object();
    });
    r.on(HandlerType.POST, "/conversations/{id}/acceptControl", "AcceptControl", 200, (ctx, body) -> {
      s.control().acceptControl(ctx.pathParam("id"), body);
      return SuncoJson.object();
    });
    r.on(HandlerType.POST, "/conversations/{id}/releaseControl", "ReleaseControl", 200, (ctx, body) -> {
      s.control().releaseControl(ctx.pathParam("id"), body);
      return SuncoJson.object();
    });
  }

  /** The sandbox app: a user may have several conversations (each handover may start one), kept forever. */
  private static ObjectNode app() {
    ObjectNode app = SuncoJson.object().put("id", SuncoSimulator.APP_ID).put("displayName", "Baton sandbox");
    app.putObject("settings").put("conversationRetentionSeconds", 0).put("maskCreditCardNumbers", true)
        .put("useAnimalNames", false).put("echoPostback", false).put("ignoreAutoConversationStart", false)
        .put("multiConvoEnabled", true).put("appLocalizationEnabled", false).put("endSessionEnabled", false);
    app.putObject("metadata");
    return app;
  }

  static ObjectNode wrap(String field, ObjectNode value) {
    ObjectNode answer = SuncoJson.object();
    answer.set(field, value);
    return answer;
  }

  /** {@code page[size]}: 1 to 100, default 25. */
  private static int pageSize(Context ctx) {
    String size = ctx.queryParam("page[size]");
    if (size == null) {
      return 25;
    }
    try {
      int n = Integer.parseInt(size);
      if (n >= 1 && n <= 100) {
        return n;
      }
    } catch (NumberFormatException e) {
      // falls through to the refusal
    }
    throw SuncoError.badRequest("Invalid page query parameters");
  }

  /** Where a page starts: after {@code page[after]}, or so that it ends before {@code page[before]}. */
  private static int cursor(Context ctx, List<String> ids) {
    String after = ctx.queryParam("page[after]");
    String before = ctx.queryParam("page[before]");
    if (after != null && before != null) {
      throw SuncoError.badRequest("Invalid page query parameters");
    }
    String id = after != null ? after : before;
    if (id == null) {
      return 0;
    }
    int at = ids.indexOf(id);
    if (id.length() != 24 || at < 0) {
      throw SuncoError.badRequest("Invalid page query parameters");
    }
    return after != null ? at + 1 : Math.max(0, at - pageSizeOrDefault(ctx));
  }

  private static int pageSizeOrDefault(Context ctx) {
    return pageSize(ctx);
  }

  /**
   * GET messages: the latest 100, or the 100 before {@code page[before]} or after {@code page[after]}, oldest first;
   * {@code meta.hasMore} and {@code beforeCursor} say whether older ones remain.
   */
  private static ObjectNode messages(Context ctx, SuncoConversation c) {
    List<String> ids = c.messages.stream().map(SuncoConversation.Message::id).toList();
    String after = ctx.queryParam("page[after]");
    String before = ctx.queryParam("page[before]");
    if (after != null && before != null) {
      throw SuncoError.badRequest("Invalid page query parameters");
    }
    int from;
    int to;
    if (after != null) {
      from = index(ids, after) + 1;
      to = Math.min(ids.size(), from + MESSAGE_PAGE);
    } else {
      to = before != null ? index(ids, before) : ids.size();
      from = Math.max(0, to - MESSAGE_PAGE);
    }
    ObjectNode answer = SuncoJson.object();
    ArrayNode list = answer.putArray("messages");
    c.messages.subList(from, to).forEach(m -> list.add(m.json().deepCopy()));
    boolean older = from > 0;
    boolean newer = to < ids.size();
    ObjectNode meta = answer.putObject("meta").put("hasMore", after != null ? newer : older);
    if (older) {
      meta.put("beforeCursor", ids.get(from));
    }
    if (newer) {
      meta.put("afterCursor", ids.get(to - 1));
    }
    return answer;
  }

  private static int index(List<String> ids, String id) {
    int at = ids.indexOf(id);
    if (id.length() != 24 || at < 0) {
      throw SuncoError.badRequest("Invalid page query parameters");
    }
    return at;
  }
}
