package io.baton.sandbox.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskApi;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The sandbox's own Kustomer routes beside the desk API (problem+json errors): {@code POST
 * /sandbox/kustomer/chats/{id}/attachments {"url", "name"?, "contentType"?, "text"?}}, the agent who has the chat
 * sends a file by its URL (the console's "Attach…"; answers the chat as the desk API does); {@code GET
 * /sandbox/kustomer/deliveries} every webhook POST (Kustomer's headers, status; never a token); {@code PUT
 * /sandbox/kustomer/delivery {"scrambleWindowMs": n | null}}; {@code PUT /sandbox/kustomer/rate-limit {"plan"} |
 * {"perMinute"}}.
 */
final class KustomerSandboxRoutes {
  private static final Map<String, String> TYPES = Map.of("png", "image/png", "jpg", "image/jpeg", "jpeg",
      "image/jpeg", "gif", "image/gif", "pdf", "application/pdf", "txt", "text/plain");

  private KustomerSandboxRoutes() {
  }

  /** Kustomer's own delivery headers; a registration's may carry a secret and are not shown. */
  private static Map<String, String> kustomerHeaders(Map<String, String> headers) {
    Map<String, String> shown = new java.util.TreeMap<>();
    headers.forEach((name, value) -> {
      if (name.toLowerCase(Locale.ROOT).startsWith("x-kustomer-")) {
        shown.put(name, value);
      }
    });
    return shown;
  }

  static void register(Javalin app, KustomerSimulator k) {
    app.post("/sandbox/kustomer/chats/{id}/attachments", ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      String url = DeskRequests.text(body, "url").trim();
      if (!KustomerChatApi.isHttpUrl(url)) {
        throw new DeskException(400, "url must be an http(s) URL");
      }
      String file = url.replaceAll("[?#].*$", "");
      file = file.substring(file.lastIndexOf('/') + 1);
      String name = DeskRequests.optional(body, "name") != null ? DeskRequests.optional(body, "name")
          : file.isEmpty() ? "file" : file;
      String extension = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1).toLowerCase(Locale.ROOT)
          : "";
      String type = DeskRequests.optional(body, "contentType") != null ? DeskRequests.optional(body, "contentType")
          : TYPES.getOrDefault(extension, "application/octet-stream");
      String id = ctx.pathParam("id");
      k.agentSends(id, DeskRequests.optional(body, "text"),
          List.of(new KustomerMessage.Attachment(url, name, type, null)));
      KitJson.write(ctx, 200, DeskApi.toJson(k.desk().chat(id).orElseThrow(), k.desk()));
    });
    app.get("/sandbox/kustomer/deliveries", ctx -> KitJson.write(ctx, 200, k.deliveries().stream()
        .map(d -> KitJson.object("webhookId", d.subscriptionId(), "eventId", d.eventId(), "event", d.event(),
            "status", d.status(), "at", d.at().toString(), "headers", kustomerHeaders(d.headers()), "body", d.body()))
        .toList()));
    app.put("/sandbox/kustomer/delivery", ctx -> {
      JsonNode window = DeskRequests.object(ctx).path("scrambleWindowMs");
      if (!window.isNull() && !(window.canConvertToLong() && window.asLong() > 0)) {
        throw new DeskException(400, "scrambleWindowMs must be a positive number of milliseconds, or null");
      }
      k.scrambleDeliveries(window.isNull() ? null : Duration.ofMillis(window.asLong()));
      KitJson.write(ctx, 200, KitJson.object("scrambleWindowMs", window.isNull() ? null : window.asLong()));
    });
    app.put("/sandbox/kustomer/rate-limit", ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      try {
        if (body.path("plan").isTextual()) {
          k.plan(body.get("plan").asText());
        } else if (body.path("perMinute").canConvertToInt()) {
          k.perMinute(body.get("perMinute").asInt());
        } else {
          throw new IllegalArgumentException("give {\"plan\"} or {\"perMinute\"}");
        }
      } catch (IllegalArgumentException e) {
        throw new DeskException(400, e.getMessage());
      }
      KitJson.write(ctx, 200, KitJson.object("perMinute", k.rateLimits().perMinute()));
    });
  }
}
