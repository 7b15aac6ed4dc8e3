package io.baton.sandbox.liveagent;

import io.baton.sandbox.ApiFaults;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/**
 * The agent's side, as JSON under {@code /sandbox/liveagent/}: what the console and the tests of other
 * modules drive. Not a Salesforce API (the real agent works in the Service Console), so it is shaped
 * for convenience: every action answers the chat snapshot; failures are RFC 9457 problems.
 */
public final class AgentDeskApi {
  public static final String BASE_PATH = "/sandbox/liveagent";
  static final String DEFAULT_AGENT_NAME = "Alex";
  static final String PROBLEM_JSON = "application/problem+json";

  private AgentDeskApi() {
  }

  public static void register(Javalin app, LiveAgentSimulator simulator, ApiFaults faults) {
    app.post(BASE_PATH + "/chats/{sessionId}/transfer", ctx -> {
      JsonNode body = optionalBody(ctx);
      if (body == null) {
        return;
      }
      if (!body.path("agentName").isTextual() || body.get("agentName").asText().isBlank()) {
        badRequest(ctx, "agentName is required (non-empty string)");
        return;
      }
      String agentName = body.get("agentName").asText().trim();
      act(ctx, simulator, sessionId -> simulator.transfer(sessionId, agentName));
    });
    app.post(BASE_PATH + "/chats/{sessionId}/disconnect", ctx -> act(ctx, simulator, simulator::agentDisconnect));
    app.post(BASE_PATH + "/chats/{sessionId}/expire", ctx -> act(ctx, simulator, simulator::expireSession));
    app.post(BASE_PATH + "/chats/{sessionId}/affinity-change", ctx -> act(ctx, simulator, simulator::changeAffinity));

    app.get(BASE_PATH + "/faults", ctx -> json(ctx, faults.pending().stream().map(AgentDeskApi::toJson).toList()));
    app.delete(BASE_PATH + "/faults", ctx -> {
      faults.clear();
      json(ctx, List.of());
    });
    app.post(BASE_PATH + "/faults", ctx -> {
      JsonNode body = Json.parseOrNull(ctx.body());
      if (body == null || !body.isObject()) {
        badRequest(ctx, "Body must be {\"path\"?, \"status\"?, \"retryAfterSeconds\"?, \"delayMs\"?, \"count\"?}");
        return;
      }
      String path = body.path("path").isTextual() ? body.get("path").asText() : null;
      int count = body.path("count").asInt(1);
      try {
        if (body.has("delayMs")) {
          faults.slowNext(path, java.time.Duration.ofMillis(body.get("delayMs").asLong()), count);
        } else {
          java.time.Duration retryAfter = body.has("retryAfterSeconds")
              ? java.time.Duration.ofSeconds(body.get("retryAfterSeconds").asLong()) : null;
          faults.failNext(path, body.path("status").asInt(0), retryAfter, count);
        }
      } catch (IllegalArgumentException e) {
        badRequest(ctx, e.getMessage());
        return;
      }
      ctx.status(201);
      ctx.contentType("application/json");
      ctx.result(Json.write(faults.pending().stream().map(AgentDeskApi::toJson).toList()));
    });

    app.get(BASE_PATH + "/chats", ctx -> json(ctx, simulator.chats().stream().map(AgentDeskApi::toJson).toList()));

    app.get(BASE_PATH + "/chats/{sessionId}", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      simulator.chat(sessionId).ifPresentOrElse(chat -> json(ctx, toJson(chat)),
          () -> chatNotFound(ctx, new ChatNotFoundException(sessionId)));
    });

    app.post(BASE_PATH + "/chats/{sessionId}/accept", ctx -> {
      JsonNode body = optionalBody(ctx);
      if (body == null) {
        return;
      }
      JsonNode name = body.path("agentName");
      if (!name.isMissingNode() && !name.isNull() && !name.isTextual()) {
        badRequest(ctx, "agentName must be a string");
        return;
      }
      String agentName = name.isTextual() && !name.asText().isBlank() ? name.asText().trim() : DEFAULT_AGENT_NAME;
      act(ctx, simulator, sessionId -> simulator.accept(sessionId, agentName));
    });

    app.post(BASE_PATH + "/chats/{sessionId}/messages", ctx -> {
      JsonNode body = optionalBody(ctx);
      if (body == null) {
        return;
      }
      if (!body.path("text").isTextual() || body.get("text").asText().isBlank()) {
        badRequest(ctx, "text is required (non-empty string)");
        return;
      }
      String text = body.get("text").asText();
      act(ctx, simulator, sessionId -> simulator.agentSays(sessionId, text));
    });

    app.post(BASE_PATH + "/chats/{sessionId}/typing", ctx -> {
      JsonNode body = optionalBody(ctx);
      if (body == null) {
        return;
      }
      if (!body.path("typing").isBoolean()) {
        badRequest(ctx, "typing is required (boolean)");
        return;
      }
      boolean typing = body.get("typing").asBoolean();
      act(ctx, simulator, sessionId -> simulator.agentTyping(sessionId, typing));
    });

    app.post(BASE_PATH + "/chats/{sessionId}/end", ctx -> act(ctx, simulator, simulator::endByAgent));

    app.get(BASE_PATH + "/availability", ctx -> json(ctx, Map.of("agentsOnline", simulator.agentsOnline())));

    app.put(BASE_PATH + "/availability", ctx -> {
      JsonNode body = Json.parseOrNull(ctx.body());
      if (body == null || !body.path("agentsOnline").isBoolean()) {
        badRequest(ctx, "Body must be {\"agentsOnline\": boolean}");
        return;
      }
      simulator.setAgentsOnline(body.get("agentsOnline").asBoolean());
      json(ctx, Map.of("agentsOnline", simulator.agentsOnline()));
    });
  }

  static Map<String, Object> toJson(ApiFaults.Fault f) {
    return Json.object("path", f.path(), "status", f.status(),
        "retryAfterSeconds", f.retryAfter() == null ? null : f.retryAfter().toSeconds(),
        "delayMs", f.delay().toMillis(), "remaining", f.remaining());
  }

  /** The JSON form of a snapshot: the record's fields, instants as ISO-8601 strings. */
  static Map<String, Object> toJson(LiveAgentChat chat) {
    List<Map<String, Object>> transcript = chat.transcript().stream()
        .map(line -> Json.object("from", line.from(), "text", line.text(), "at", line.at().toString()))
        .toList();
    return Json.object(
        "sessionId", chat.sessionId(),
        "status", chat.status().name(),
        "organizationId", chat.organizationId(),
        "deploymentId", chat.deploymentId(),
        "buttonId", chat.buttonId(),
        "visitorName", chat.visitorName(),
        "language", chat.language(),
        "userAgent", chat.userAgent(),
        "screenResolution", chat.screenResolution(),
        "agentName", chat.agentName(),
        "queuePosition", chat.queuePosition(),
        "prechatDetails", chat.prechatDetails(),
        "prechatEntities", chat.prechatEntities(),
        "transcript", transcript,
        "visitorTyping", chat.visitorTyping(),
        "endedBy", chat.endedBy());
  }

  private interface ChatAction {
    void apply(String sessionId);
  }

  private static void act(Context ctx, LiveAgentSimulator simulator, ChatAction action) {
    String sessionId = ctx.pathParam("sessionId");
    try {
      action.apply(sessionId);
    } catch (ChatNotFoundException e) {
      chatNotFound(ctx, e);
      return;
    } catch (IllegalArgumentException e) {
      badRequest(ctx, e.getMessage());
      return;
    } catch (ChatStateException e) {
      problem(ctx, 409, "chat-state-conflict", "Chat state does not allow this", e.getMessage());
      return;
    }
    json(ctx, toJson(simulator.chat(sessionId).orElseThrow()));
  }

  /** An empty body counts as {}; anything else must be a JSON object. Null after answering 400. */
  private static JsonNode optionalBody(Context ctx) {
    String raw = ctx.body();
    if (raw.isBlank()) {
      return Json.MAPPER.createObjectNode();
    }
    JsonNode body = Json.parseOrNull(raw);
    if (body == null || !body.isObject()) {
      badRequest(ctx, "Body must be a JSON object");
      return null;
    }
    return body;
  }

  private static void chatNotFound(Context ctx, ChatNotFoundException e) {
    problem(ctx, 404, "chat-not-found", "Chat not found", e.getMessage());
  }

  private static void badRequest(Context ctx, String detail) {
    problem(ctx, 400, "bad-request", "Bad request", detail);
  }

  static void problem(Context ctx, int status, String type, String title, String detail) {
    ctx.status(status);
    ctx.contentType(PROBLEM_JSON);
    ctx.result(Json.write(Json.object("type", "urn:baton:sandbox:problem:" + type, "title", title,
        "status", status, "detail", detail)));
  }

  private static void json(Context ctx, Object value) {
    ctx.status(200);
    ctx.contentType("application/json");
    ctx.result(Json.write(value));
  }
}
