package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * One agent desk API over every platform, under {@code /sandbox/desk/}: what the console and the tests of other
 * modules drive. {@code GET chats} lists every platform's chats; {@code GET {platform}/chats/{id}} one chat;
 * {@code POST {platform}/chats/{id}/accept {"agentName"}}, {@code …/messages {"text"}}, {@code …/typing {"typing"}},
 * {@code …/leave}, {@code …/transfer {"agentName"}}, {@code …/end} act and answer the chat. Errors are
 * problem+json with the {@link DeskException}'s status.
 */
public final class DeskApi {
  public static final String BASE_PATH = "/sandbox/desk";
  /** Who accepts when the body names nobody. */
  public static final String DEFAULT_AGENT_NAME = "Alex";
  private static final String CHAT = BASE_PATH + "/{platform}/chats/{id}";

  private DeskApi() {
  }

  public static void register(Javalin app, List<AgentDesk> desks) {
    Map<String, AgentDesk> byPlatform = new LinkedHashMap<>();
    desks.forEach(d -> byPlatform.put(d.platform(), d));
    app.exception(DeskException.class, (e, ctx) -> problem(ctx, e));

    app.get(BASE_PATH + "/chats", ctx -> {
      List<Map<String, Object>> all = new ArrayList<>();
      for (AgentDesk desk : byPlatform.values()) {
        desk.chats().forEach(c -> all.add(toJson(c, desk)));
      }
      KitJson.write(ctx, 200, all);
    });
    app.get(CHAT, ctx -> {
      AgentDesk desk = desk(byPlatform, ctx);
      String id = ctx.pathParam("id");
      KitJson.write(ctx, 200, toJson(desk.chat(id).orElseThrow(() -> DeskException.notFound(desk.platform(), id)),
          desk));
    });
    act(app, byPlatform, "accept", (desk, ctx) -> {
      JsonNode name = DeskRequests.objectOrEmpty(ctx).path("agentName");
      if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
        throw new DeskException(400, "agentName must be a string");
      }
      String agent = name.isTextual() && !name.asText().isBlank() ? name.asText().trim() : DEFAULT_AGENT_NAME;
      desk.accept(ctx.pathParam("id"), agent);
    });
    act(app, byPlatform, "messages",
        (desk, ctx) -> desk.say(ctx.pathParam("id"), DeskRequests.text(DeskRequests.objectOrEmpty(ctx), "text")));
    act(app, byPlatform, "typing", (desk, ctx) -> {
      JsonNode typing = DeskRequests.objectOrEmpty(ctx).path("typing");
      if (!typing.isBoolean()) {
        throw new DeskException(400, "typing is required (boolean)");
      }
      desk.typing(ctx.pathParam("id"), typing.asBoolean());
    });
    act(app, byPlatform, "leave", (desk, ctx) -> desk.leave(ctx.pathParam("id")));
    act(app, byPlatform, "transfer",
        (desk, ctx) -> desk.transfer(ctx.pathParam("id"),
            DeskRequests.text(DeskRequests.objectOrEmpty(ctx), "agentName").trim()));
    act(app, byPlatform, "end", (desk, ctx) -> desk.end(ctx.pathParam("id")));
  }

  /** A chat as JSON, with the actions its platform has. */
  public static Map<String, Object> toJson(DeskChat chat, AgentDesk desk) {
    return KitJson.object(
        "platform", chat.platform(),
        "id", chat.id(),
        "status", chat.status().name(),
        "waitingSince", chat.waitingSince() == null ? null : chat.waitingSince().toString(),
        "agentName", chat.agentName(),
        "visitorName", chat.visitorName(),
        "context", chat.context(),
        "transcript", chat.transcript().stream()
            .map(l -> KitJson.object("from", l.from(), "text", l.text(), "at", l.at().toString())).toList(),
        "actions", desk.actions().stream().sorted().map(Enum::name).toList());
  }

  private static void act(Javalin app, Map<String, AgentDesk> desks, String action,
      BiConsumer<AgentDesk, Context> handler) {
    app.post(CHAT + "/" + action, ctx -> {
      AgentDesk desk = desk(desks, ctx);
      handler.accept(desk, ctx);
      String id = ctx.pathParam("id");
      KitJson.write(ctx, 200, toJson(desk.chat(id).orElseThrow(() -> DeskException.notFound(desk.platform(), id)),
          desk));
    });
  }

  private static AgentDesk desk(Map<String, AgentDesk> desks, Context ctx) {
    AgentDesk desk = desks.get(ctx.pathParam("platform"));
    if (desk == null) {
      throw new DeskException(404, "No platform " + ctx.pathParam("platform") + "; there are " + desks.keySet());
    }
    return desk;
  }

  private static void problem(Context ctx, DeskException e) {
    String type = switch (e.status()) {
      case 404 -> "chat-not-found";
      case 409 -> "chat-state-conflict";
      case 400 -> "bad-request";
      default -> "desk";
    };
    String title = switch (e.status()) {
      case 404 -> "Chat not found";
      case 409 -> "Chat state does not allow this";
      case 400 -> "Bad request";
      default -> "Desk error";
    };
    KitJson.problem(ctx, e.status(), type, title, e.getMessage());
  }
}
