package io.baton.sandbox.miaw;

import io.baton.sandbox.kit.ApiFaults;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * MIAW's HTTP side: the visitor API under {@code /iamessage/api/v2/} and the SSE stream at {@code /eventrouter/v1/sse}
 * (the agent's side is {@link MiawDesk}). Errors are problem+json.
 */
public final class MiawApi {
  public static final String API = "/iamessage/api/v2";
  public static final String SSE = "/eventrouter/v1/sse";

  private MiawApi() {
  }

  public static void register(Javalin app, MiawSimulator miaw, ApiFaults faults) {
    // Injected faults come first: a refused call never reaches the simulator.
    faults.guard(app, API, MiawApi::problem);
    app.post(API + "/authorization/unauthenticated/access-token", ctx -> handle(ctx, () -> {
      JsonNode body = body(ctx);
      String orgId = text(body, "orgId");
      String es = text(body, "esDeveloperName");
      text(body, "capabilitiesVersion");
      if (!"Web".equals(text(body, "platform"))) {
        throw new MiawSimulator.Refused(400, "platform must be Web");
      }
      String token = miaw.accessToken(orgId, es);
      json(ctx, 200, Map.of("accessToken", token, "lastEventId", "0",
          "context", Map.of("configuration", Map.of("embeddedServiceConfig", Map.of("name", es)))));
    }));
    app.post(API + "/conversation", ctx -> handle(ctx, () -> {
      JsonNode body = body(ctx);
      Map<String, String> routing = new LinkedHashMap<>();
      body.path("routingAttributes").fields().forEachRemaining(f -> routing.put(f.getKey(), f.getValue().asText()));
      miaw.createConversation(bearer(ctx), text(body, "conversationId"), text(body, "esDeveloperName"), routing);
      json(ctx, 201, Map.of());
    }));
    app.post(API + "/conversation/{id}/message", ctx -> handle(ctx, () -> {
      JsonNode message = body(ctx).path("message");
      if (!"StaticContentMessage".equals(message.path("messageType").asText())
          || !message.path("staticContent").path("text").isTextual()) {
        throw new MiawSimulator.Refused(400, "message must be a StaticContentMessage with staticContent.text");
      }
      miaw.visitorMessage(bearer(ctx), ctx.pathParam("id"), text(message, "id"),
          message.path("staticContent").path("text").asText());
      json(ctx, 202, Map.of());
    }));
    app.post(API + "/conversation/{id}/entry", ctx -> handle(ctx, () -> {
      String type = text(body(ctx), "entryType");
      if (!type.equals("TypingStartedIndicator") && !type.equals("TypingStoppedIndicator")) {
        throw new MiawSimulator.Refused(400, "entryType must be TypingStartedIndicator or TypingStoppedIndicator");
      }
      miaw.visitorTyping(bearer(ctx), ctx.pathParam("id"), type.equals("TypingStartedIndicator"));
      json(ctx, 202, Map.of());
    }));
    app.delete(API + "/conversation/{id}", ctx -> handle(ctx, () -> {
      miaw.close(bearer(ctx), ctx.pathParam("id"));
      ctx.status(204);
    }));

    app.before(SSE, ctx -> {
      if (!ctx.method().name().equals("GET")) {
        return;
      }
      if (!miaw.validToken(bearerOrNull(ctx))) {
        problem(ctx, 401, "invalid access token");
        ctx.skipRemainingHandlers();
      } else if (ctx.header("X-Org-Id") == null) {
        problem(ctx, 400, "X-Org-Id is required");
        ctx.skipRemainingHandlers();
      }
    });
    app.sse(SSE, client -> {
      String token = bearerOrNull(client.ctx());
      long lastEventId = parseLong(client.ctx().header("Last-Event-Id"));
      client.keepAlive();
      Runnable unsubscribe = miaw.subscribe(token, lastEventId, event -> {
        synchronized (client) {
          if (event == null) {
            client.close();
          } else if (!client.terminated()) {
            client.sendEvent(event.type(), event.data(), Long.toString(event.id()));
          }
        }
      });
      client.onClose(unsubscribe);
    });
  }

  private static long parseLong(String raw) {
    try {
      return raw == null || raw.isBlank() ? 0 : Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static void handle(Context ctx, Runnable action) {
    try {
      action.run();
    } catch (MiawSimulator.Refused e) {
      problem(ctx, e.status(), e.getMessage());
    }
  }

  private static JsonNode body(Context ctx) {
    JsonNode body = MiawSimulator.read(ctx.body());
    if (body == null || !body.isObject()) {
      throw new MiawSimulator.Refused(400, "the body must be a JSON object");
    }
    return body;
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new MiawSimulator.Refused(400, field + " is required");
    }
    return value.asText();
  }

  private static String bearerOrNull(Context ctx) {
    String auth = ctx.header("Authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring(7).trim() : null;
  }

  private static String bearer(Context ctx) {
    String token = bearerOrNull(ctx);
    if (token == null) {
      throw new MiawSimulator.Refused(401, "Authorization: Bearer <accessToken> is required");
    }
    return token;
  }

  private static void problem(Context ctx, int status, String detail) {
    ctx.status(status).contentType("application/problem+json").result(MiawSimulator.write(Map.of(
        "type", "urn:baton:sandbox:problem:miaw", "title", detail, "status", status)));
  }

  private static void json(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json").result(MiawSimulator.write(value));
  }
}
