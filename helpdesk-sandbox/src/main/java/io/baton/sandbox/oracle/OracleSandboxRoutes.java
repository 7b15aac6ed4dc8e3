package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.Map;

/**
 * The site administrator's side as sandbox routes (problem+json errors), for the local stack and other modules'
 * tests: {@code GET|PUT /sandbox/oracle_chat/availability {"agentsOnline": n}} and {@code GET
 * /sandbox/oracle_chat/sessions/{sessionId}/system-messages} (every system message so far, handed out or not).
 */
final class OracleSandboxRoutes {
  private OracleSandboxRoutes() {
  }

  static void register(Javalin app, OracleChatSimulator oracle) {
    String base = "/sandbox/" + OracleChatSimulator.NAME;
    app.get(base + "/availability", ctx -> KitJson.write(ctx, 200, Map.of("agentsOnline", oracle.agentsOnline())));
    app.put(base + "/availability", ctx -> {
      JsonNode body = KitJson.readOrNull(ctx.body());
      JsonNode agents = body == null ? null : body.path("agentsOnline");
      if (agents == null || !agents.isIntegralNumber() || agents.asInt() < 0) {
        KitJson.problem(ctx, 400, "bad-request", "Bad request", "Body must be {\"agentsOnline\": <n >= 0>}");
        return;
      }
      oracle.agentsOnline(agents.asInt());
      KitJson.write(ctx, 200, Map.of("agentsOnline", oracle.agentsOnline()));
    });
    app.get(base + "/sessions/{sessionId}/system-messages", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      if (oracle.engagement(sessionId).isEmpty()) {
        KitJson.problem(ctx, 404, "not-found", "Not found", "No chat session " + sessionId);
        return;
      }
      KitJson.write(ctx, 200, oracle.systemMessages(sessionId));
    });
  }
}
