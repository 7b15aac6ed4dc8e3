package io.baton.sandbox.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskApi;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskRequests;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.time.Duration;

/**
 * The sandbox's own Gorgias routes beside the desk API (problem+json errors): {@code POST
 * /sandbox/gorgias/tickets/{id}/notes {"text"}} an internal note by the ticket's agent (the console's "Internal
 * note…"; answers the chat as the desk API does); {@code GET /sandbox/gorgias/deliveries} every integration request
 * (trigger, status, body and the names of its headers: their values are the integration's secrets);
 * {@code PUT /sandbox/gorgias/rate-limit {"perSecond", "burst"} | {"enabled"}}; {@code PUT /sandbox/gorgias/retries
 * {"tries", "firstWaitMs", "factor"?, "answerTimeoutMs"?}}.
 */
final class GorgiasSandboxRoutes {
  private GorgiasSandboxRoutes() {
  }

  static void register(Javalin app, GorgiasSimulator g) {
    app.post("/sandbox/gorgias/tickets/{id}/notes", ctx -> {
      String id = ctx.pathParam("id");
      g.desk().chat(id).orElseThrow(() -> DeskException.notFound(GorgiasSimulator.NAME, id));
      g.internalNote(Long.parseLong(id), DeskRequests.text(DeskRequests.object(ctx), "text"));
      KitJson.write(ctx, 200, DeskApi.toJson(g.desk().chat(id).orElseThrow(), g.desk()));
    });
    app.get("/sandbox/gorgias/deliveries", ctx -> KitJson.write(ctx, 200, g.deliveries().stream()
        .map(d -> KitJson.object("integrationId", d.subscriptionId(), "eventId", d.eventId(), "trigger", d.event(),
            "status", d.status(), "at", d.at().toString(), "headerNames", d.headers().keySet().stream().sorted()
                .toList(),
            "body", d.body()))
        .toList()));
    app.put("/sandbox/gorgias/rate-limit", ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      if (body.path("enabled").isBoolean()) {
        g.rateLimit(body.get("enabled").asBoolean());
      } else
        if (body.path("perSecond").isNumber() && body.path("burst").canConvertToInt()
            && body.get("perSecond").asDouble() > 0 && body.get("burst").asInt() > 0) {
              g.rateLimit(body.get("perSecond").asDouble(), body.get("burst").asInt());
            } else {
              throw new DeskException(400, "give {\"perSecond\": > 0, \"burst\": > 0} or {\"enabled\": boolean}");
            }
      KitJson.write(ctx, 200, KitJson.object("perSecond", body.path("perSecond").asDouble(0),
          "burst", g.bucket().burst()));
    });
    app.put("/sandbox/gorgias/retries", ctx -> {
      JsonNode body = DeskRequests.object(ctx);
      int tries = body.path("tries").asInt(0);
      long firstWait = body.path("firstWaitMs").asLong(-1);
      double factor = body.path("factor").asDouble(2);
      long timeout = body.path("answerTimeoutMs").asLong(10_000);
      if (tries < 1 || firstWait < 0 || factor < 1 || timeout < 1) {
        throw new DeskException(400, "give {\"tries\": >= 1, \"firstWaitMs\": >= 0, \"factor\"?: >= 1, "
            + "\"answerTimeoutMs\"?: > 0}");
      }
      g.retrySchedule(new WebhookSender.RetrySchedule(tries, Duration.ofMillis(firstWait), factor),
          Duration.ofMillis(timeout));
      KitJson.write(ctx, 200, KitJson.object("tries", tries, "firstWaitMs", firstWait, "factor", factor,
          "answerTimeoutMs", timeout));
    });
  }
}
