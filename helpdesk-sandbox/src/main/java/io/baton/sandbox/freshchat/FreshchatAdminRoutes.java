package io.baton.sandbox.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.Map;

/**
 * The sandbox's stand-in for what Freshchat keeps in its admin UI (it has no API for them), and the console's extras,
 * under {@code /sandbox/freshchat}: {@code GET|PUT webhook} ({@code {"url", "payloadVariant"}}; the answer adds the
 * public key), {@code GET public-key} (the PEM), {@code POST agents {"name"}} (an administrator invites an agent;
 * one whose full name the account already has is 409 with its id: the API lists agents, it cannot add one),
 * {@code POST conversations/{id}/notes {"text"}} (the agent's private
 * note), {@code POST conversations/{id}/user-messages {"text"}} (the visitor writes from the widget),
 * {@code GET deliveries}. Errors are problem+json.
 */
final class FreshchatAdminRoutes {
  static final String BASE = "/sandbox/freshchat";

  private FreshchatAdminRoutes() {
  }

  static void register(Javalin app, FreshchatSimulator fc) {
    app.get(BASE + "/webhook", ctx -> KitJson.write(ctx, 200, webhook(fc)));
    app.put(BASE + "/webhook", ctx -> {
      JsonNode body = KitJson.readOrNull(ctx.body());
      if (body == null || !body.isObject() || (body.has("url") && !body.get("url").isTextual()
          && !body.get("url").isNull()) || (body.has("payloadVariant") && !body.get("payloadVariant").isTextual())) {
        KitJson.problem(ctx, 400, "bad-request", "Bad request",
            "Body must be {\"url\"?: string|null, \"payloadVariant\"?: \"current\"|\"legacy2018\"|\"2022\"}");
        return;
      }
      try {
        PayloadVariant variant = body.has("payloadVariant") ? PayloadVariant.of(body.get("payloadVariant").asText())
            : null;
        if (body.has("url")) {
          fc.webhookUrl(body.get("url").isNull() ? null : body.get("url").asText());
        }
        if (variant != null) {
          fc.payloadVariant(variant);
        }
      } catch (IllegalArgumentException e) {
        KitJson.problem(ctx, 400, "bad-request", "Bad request", e.getMessage());
        return;
      }
      KitJson.write(ctx, 200, webhook(fc));
    });
    app.post(BASE + "/agents", ctx -> addAgent(ctx, fc));
    app.get(BASE + "/public-key", ctx -> ctx.contentType("application/x-pem-file").result(fc.publicKeyPem()));
    app.post(BASE + "/conversations/{id}/notes", ctx -> writes(ctx, fc, true));
    app.post(BASE + "/conversations/{id}/user-messages", ctx -> writes(ctx, fc, false));
    app.get(BASE + "/deliveries", ctx -> KitJson.write(ctx, 200, fc.deliveries().stream()
        .map(d -> KitJson.object("event", d.event(), "body", KitJson.readOrNull(d.body()), "headers", d.headers(),
            "status", d.status(), "at", d.at().toString()))
        .toList()));
  }

  private static void addAgent(Context ctx, FreshchatSimulator fc) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    JsonNode name = body == null ? null : body.path("name");
    if (name == null || !name.isTextual() || name.asText().isBlank() || name.asText().length() > 100) {
      KitJson.problem(ctx, 400, "bad-request", "Bad request", "Body must be {\"name\": string of 1-100 characters}");
      return;
    }
    String wanted = name.asText().trim();
    java.util.Optional<FreshchatAccount.Agent> existing = fc.locked(() -> fc.account().agents().stream()
        .filter(a -> a.fullName().equalsIgnoreCase(wanted)).findFirst());
    if (existing.isPresent()) {
      ctx.header("Location", FreshchatApi.BASE_PATH + "/agents/" + existing.get().id());
      KitJson.problem(ctx, 409, "conflict", "Agent exists", "the account has an agent named " + wanted + ": "
          + existing.get().id());
      return;
    }
    KitJson.write(ctx, 201, FreshchatApi.agent(fc.locked(() -> fc.account().addAgent(wanted))));
  }

  private static Map<String, Object> webhook(FreshchatSimulator fc) {
    return KitJson.object("url", fc.webhookUrl(), "payloadVariant", fc.payloadVariant().setting(), "publicKey",
        fc.publicKeyPem());
  }

  private static void writes(Context ctx, FreshchatSimulator fc, boolean note) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    JsonNode text = body == null ? null : body.path("text");
    if (text == null || !text.isTextual() || text.asText().isBlank()) {
      KitJson.problem(ctx, 400, "bad-request", "Bad request", "Body must be {\"text\": string}");
      return;
    }
    String id = ctx.pathParam("id");
    try {
      FreshchatMessage m = note ? fc.privateNote(id, text.asText()) : fc.userWrites(id, text.asText());
      KitJson.write(ctx, 201, FreshchatConversationApi.view(m));
    } catch (DeskException e) {
      KitJson.problem(ctx, e.status(), "desk", "Refused", e.getMessage());
    } catch (FreshchatError e) {
      KitJson.problem(ctx, e.code(), e.status().toLowerCase(java.util.Locale.ROOT), "Refused", e.getMessage());
    }
  }
}
