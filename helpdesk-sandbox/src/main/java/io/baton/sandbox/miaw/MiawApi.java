package io.baton.sandbox.miaw;

import io.baton.sandbox.kit.ApiFaults;
import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.LinkedHashMap;
import java.util.List;
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
      limit(miaw, MiawRateLimits.Kind.ACCESS_TOKEN, orgId);
      String es = text(body, "esDeveloperName");
      text(body, "capabilitiesVersion");
      if (!"Web".equals(text(body, "platform"))) {
        throw new MiawSimulator.Refused(400, "platform must be Web");
      }
      String token = miaw.accessToken(orgId, es);
      json(ctx, 200, Map.of("accessToken", token, "lastEventId", "0",
          "context", Map.of("configuration", Map.of("embeddedServiceConfig", Map.of("name", es)))));
    }));
    app.get(API + "/authorization/continuation-access-token", ctx -> handle(ctx, () -> {
      String token = bearer(ctx);
      String orgId = miaw.orgOf(token);
      if (orgId == null) {
        throw new MiawSimulator.Refused(401, "invalid or expired access token");
      }
      limit(miaw, MiawRateLimits.Kind.CONTINUATION, orgId);
      json(ctx, 200, Map.of("accessToken", miaw.continuation(token), "lastEventId", "0",
          "context", Map.of("configuration", Map.of())));
    }));
    app.get(API + "/conversation/{id}/entries", ctx -> handle(ctx, () -> {
      List<Map<String, Object>> entries = miaw.entries(bearer(ctx), ctx.pathParam("id"));
      int limit = ctx.queryParam("limit") == null ? 50 : Integer.parseInt(ctx.queryParam("limit"));
      long start = ctx.queryParam("startTimestamp") == null ? 0 : Long.parseLong(ctx.queryParam("startTimestamp"));
      List<Map<String, Object>> listed = entries.stream()
          .filter(e -> ((Number) e.get("transcriptedTimestamp")).longValue() >= start).toList();
      boolean fromEnd = !"FromStart".equals(ctx.queryParam("direction"));
      if (fromEnd) {
        listed = new java.util.ArrayList<>(listed.subList(Math.max(0, listed.size() - limit), listed.size()));
        java.util.Collections.reverse(listed);
      } else {
        listed = listed.subList(0, Math.min(limit, listed.size()));
      }
      json(ctx, 200, Map.of("conversationEntries", listed));
    }));
    app.post(API + "/conversation/{id}/file", ctx -> handle(ctx, () -> {
      String token = bearer(ctx);
      limit(miaw, MiawRateLimits.Kind.MESSAGE, ctx.pathParam("id"));
      JsonNode data = MiawSimulator.read(ctx.formParam("messageData"));
      io.javalin.http.UploadedFile file = ctx.uploadedFile("fileData");
      if (data == null || !data.path("message").isObject() || file == null) {
        throw new MiawSimulator.Refused(400, "a file upload needs the parts messageData and fileData");
      }
      JsonNode message = data.path("message");
      try (java.io.InputStream in = file.content()) {
        miaw.visitorFile(token, ctx.pathParam("id"), text(message, "id"), message.path("text").asText(null),
            new MiawSimulator.StoredFile(file.filename(), file.contentType() == null ? "application/octet-stream"
                : file.contentType(), in.readAllBytes()));
      } catch (java.io.IOException e) {
        throw new MiawSimulator.Refused(400, "unreadable file");
      }
      json(ctx, 202, Map.of());
    }));
    app.get("/sandbox/miaw/files/{id}", ctx -> {
      MiawSimulator.StoredFile file = miaw.file(ctx.pathParam("id")).orElse(null);
      if (file == null) {
        problem(ctx, 404, "no such file");
        return;
      }
      ctx.contentType(file.mimeType()).header("Content-Disposition", "attachment; filename=\"" + file.name() + "\"")
          .result(file.bytes());
    });
    app.post(API + "/conversation", ctx -> handle(ctx, () -> {
      JsonNode body = body(ctx);
      limit(miaw, MiawRateLimits.Kind.CONVERSATION, String.valueOf(miaw.orgOf(bearer(ctx))) + "/" + bearer(ctx));
      Map<String, String> routing = new LinkedHashMap<>();
      body.path("routingAttributes").fields().forEachRemaining(f -> routing.put(f.getKey(), f.getValue().asText()));
      miaw.createConversation(bearer(ctx), text(body, "conversationId"), text(body, "esDeveloperName"), routing);
      json(ctx, 201, Map.of());
    }));
    app.post(API + "/conversation/{id}/message", ctx -> handle(ctx, () -> {
      JsonNode message = body(ctx).path("message");
      limit(miaw, MiawRateLimits.Kind.MESSAGE, ctx.pathParam("id"));
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
    } catch (TooManyRequests e) {
      ctx.header("Retry-After", Long.toString(Math.max(1, (e.wait.toMillis() + 999) / 1000)));
      problem(ctx, 429, e.getMessage());
    } catch (MiawSimulator.Refused e) {
      problem(ctx, e.status(), e.getMessage());
    }
  }

  /** 429 with Retry-After when the key is over the documented limit (guess: the body is the sandbox's problem). */
  private static final class TooManyRequests extends RuntimeException {
    final java.time.Duration wait;

    TooManyRequests(MiawRateLimits.Kind kind, java.time.Duration wait) {
      super("Too Many Requests: the " + kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
          + " rate limit is exceeded");
      this.wait = wait;
    }
  }

  private static void limit(MiawSimulator miaw, MiawRateLimits.Kind kind, String key) {
    java.time.Duration wait = miaw.rateLimits().take(kind, key);
    if (wait != null) {
      throw new TooManyRequests(kind, wait);
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
