package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.util.Map;

/**
 * What the sandbox offers around Live Agent that is not an agent's desk action (those are on the common desk API):
 * {@code GET|PUT /sandbox/liveagent/availability {"agentsOnline"}}, and the session faults
 * {@code POST /sandbox/liveagent/chats/{sessionId}/expire} and {@code …/affinity-change}, answering the chat as the
 * desk shows it. Errors are problem+json.
 */
final class LiveAgentSandboxApi {
  static final String BASE_PATH = "/sandbox/" + LiveAgentSimulator.NAME;

  private LiveAgentSandboxApi() {
  }

  static void register(Javalin app, LiveAgentSimulator simulator) {
    app.post(BASE_PATH + "/chats/{sessionId}/expire", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      simulator.desk.refusing(() -> simulator.expireSession(sessionId));
      KitJson.write(ctx, 200, simulator.deskChat(sessionId).orElseThrow());
    });
    app.post(BASE_PATH + "/chats/{sessionId}/affinity-change", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      simulator.desk.refusing(() -> simulator.changeAffinity(sessionId));
      KitJson.write(ctx, 200, simulator.deskChat(sessionId).orElseThrow());
    });
    app.post(BASE_PATH + "/chats/{sessionId}/file-request", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      simulator.desk.refusing(() -> simulator.requestFile(sessionId));
      KitJson.write(ctx, 200, simulator.deskChat(sessionId).orElseThrow());
    });
    app.delete(BASE_PATH + "/chats/{sessionId}/file-request", ctx -> {
      String sessionId = ctx.pathParam("sessionId");
      simulator.desk.refusing(() -> simulator.cancelFileRequest(sessionId));
      KitJson.write(ctx, 200, simulator.deskChat(sessionId).orElseThrow());
    });
    app.get(BASE_PATH + "/availability", ctx -> KitJson.write(ctx, 200,
        Map.of("agentsOnline", simulator.agentsOnline())));
    app.put(BASE_PATH + "/availability", ctx -> {
      JsonNode body = KitJson.readOrNull(ctx.body());
      if (body == null || !body.path("agentsOnline").isBoolean()) {
        throw new DeskException(400, "Body must be {\"agentsOnline\": boolean}");
      }
      simulator.setAgentsOnline(body.get("agentsOnline").asBoolean());
      KitJson.write(ctx, 200, Map.of("agentsOnline", simulator.agentsOnline()));
    });
  }
}
