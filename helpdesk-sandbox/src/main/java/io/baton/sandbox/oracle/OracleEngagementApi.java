package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.ClientConnection;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.Set;

/**
 * The chat session server's consumer operations under {@code <domain>/engagement/api/consumer/{fqSiteName}/v1/}:
 * every call needs the channel token ({@code Authorization: Bearer}; expired or invalid: 403) and the {@code pool}
 * query parameter; all but {@code requestEngagement} and {@code getQueueStats} need the {@code SessionId} header.
 */
final class OracleEngagementApi {
  static final String PATH = "/engagement/api/consumer/";
  private static final Set<String> MODES = Set.of("LISTENING", "RESPONDING");
  private static final Set<String> AVAILABLE_TYPES = Set.of("AGENTS", "SESSIONS");

  private OracleEngagementApi() {
  }

  static void register(Javalin app, String basePath, OracleChatSimulator oracle) {
    OracleSite site = oracle.site();
    OracleEngagements engagements = oracle.store();
    String v1 = basePath + PATH + "{fqSiteName}/v1/";
    oracle.faults().guard(app, basePath + PATH + site.siteName() + "/v1", OracleError::fault);
    app.exception(OracleError.class, (e, ctx) -> e.write(ctx));

    app.post(v1 + "requestEngagement", call(site, false, (ctx, claims, body) -> KitJson.write(ctx, 200,
        engagements.request(claims.path("sessionInformation"), OracleRequests.transaction(body)))));
    app.post(v1 + "getMessages", call(site, true, (ctx, claims, body) -> {
      String sessionId = ctx.header("SessionId");
      // No thread waits here: the answer is written when a system message comes or the hold ends.
      CompletableFuture<List<Map<String, Object>>> answer = engagements.poll(sessionId, ClientConnection.hungUp(ctx));
      ctx.future(() -> answer.thenAccept(messages -> KitJson.write(ctx, 200, Map.of("systemMessages", messages))));
    }));
    app.post(v1 + "postMessage", call(site, true, (ctx, claims, body) -> {
      String text = OracleRequests.requiredText(body, "body");
      OracleRequests.optionalBoolean(body, "richText");
      OracleRequests.optionalBoolean(body, "offTheRecord");
      JsonNode data = body.path("messageDataMap");
      if (!data.isMissingNode() && !data.isNull() && !data.isObject()) {
        throw OracleError.invalidField("messageDataMap must be an object of strings");
      }
      KitJson.write(ctx, 200, engagements.post(ctx.header("SessionId"), text, OracleRequests.transaction(body)));
    }));
    app.post(v1 + "activity", call(site, true, (ctx, claims, body) -> {
      String mode = OracleRequests.requiredText(body, "mode");
      if (!MODES.contains(mode)) {
        throw OracleError.invalidField("mode must be LISTENING or RESPONDING, not " + mode);
      }
      KitJson.write(ctx, 200, engagements.activity(ctx.header("SessionId"), mode,
          OracleRequests.transaction(body)));
    }));
    app.post(v1 + "concludeEngagement", call(site, true, (ctx, claims, body) -> KitJson.write(ctx, 200,
        engagements.conclude(ctx.header("SessionId"), OracleRequests.transaction(body)))));
    app.get(v1 + "getQueueStats", call(site, false, (ctx, claims, body) -> {
      JsonNode request = KitJson.readOrNull(ctx.queryParam("request"));
      if (request == null || !request.isObject()) {
        throw OracleError.badRequest("request must be a URL-encoded JSON object {queueId, chatProactiveAvailableType}");
      }
      JsonNode queueId = request.path("queueId");
      if (!queueId.isMissingNode() && !queueId.isIntegralNumber()) {
        throw OracleError.invalidField("request.queueId must be an integer");
      }
      JsonNode type = request.path("chatProactiveAvailableType");
      if (!type.isMissingNode() && !AVAILABLE_TYPES.contains(type.asText())) {
        throw OracleError.invalidField("request.chatProactiveAvailableType must be AGENTS or SESSIONS");
      }
      KitJson.write(ctx, 200, Map.of("availableAgentSessions", site.agentsOnline()));
    }));
  }

  private interface Operation {
    void handle(Context ctx, ObjectNode claims, JsonNode body) throws Exception;
  }

  /** The checks every operation shares, in the order a server would make them. */
  private static Handler call(OracleSite site, boolean needsSession, Operation operation) {
    return ctx -> {
      if (!site.siteName().equals(ctx.pathParam("fqSiteName"))) {
        throw OracleError.notFound("No site " + ctx.pathParam("fqSiteName"));
      }
      ObjectNode claims = site.verify(ctx.header("Authorization"));
      String pool = ctx.queryParam("pool");
      if (pool == null || pool.isBlank()) {
        throw OracleError.badRequest("The pool query parameter is required");
      }
      if (!pool.equals(claims.path("pool").asText())) {
        throw OracleError.invalidField("Unknown pool " + pool);
      }
      String sessionId = ctx.header("SessionId");
      if (needsSession && (sessionId == null || sessionId.isBlank())) {
        throw OracleError.badRequest("The SessionId header is required");
      }
      JsonNode body = ctx.method().name().equals("GET") ? KitJson.readOrNull("{}") : OracleRequests.object(ctx);
      operation.handle(ctx, claims, body);
    };
  }
}
