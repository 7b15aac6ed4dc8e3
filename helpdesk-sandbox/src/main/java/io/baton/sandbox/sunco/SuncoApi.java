package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.ErrorAnswer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * SunCo's HTTP side under {@code /zendesk/sc} (what a client uses instead of {@code https://{subdomain}.zendesk.com/sc}).
 * Every call: the JSON body at most 100 kB (else 413), {@code Content-Type: application/json} on a body (else 400),
 * authenticated ({@link SuncoAuth}), the app id the sandbox's (else 404 app_not_found), within the rate limit (429
 * with {@code Retry-After}), then the faults of its operation (the spec's operationId, such as {@code PostMessage}),
 * then recorded in the {@link SuncoJournal}. Errors are {@code {"errors":[{"code","title"}]}}.
 */
final class SuncoApi {
  static final String SERVER = "/zendesk/sc";
  static final String APP = SERVER + "/v2/apps/{appId}";
  static final int BODY_LIMIT = 100 * 1024;
  private static final String OPERATION = "sunco.operation";
  /** The operations whose body the spec does not require (CreateSwitchboard takes none): empty reads as {}. */
  private static final Set<String> BODY_OPTIONAL = Set.of("ReleaseControl", "CreateSwitchboard");
  static final ErrorAnswer ANSWER = (ctx, status, message) -> error(ctx, status,
      status == 429 ? "too_many_requests" : status >= 500 ? "internal_error" : "bad_request", message);

  @FunctionalInterface
  interface Call {
    Object answer(Context ctx, ObjectNode body);
  }

  private SuncoApi() {
  }

  static void register(Javalin app, SuncoSimulator sunco) {
    app.exception(SuncoError.class, (e, ctx) -> error(ctx, e.status(), e.code(), e.getMessage()));
    app.exception(AnsweredException.class, (e, ctx) -> {
    });
    app.after(SERVER + "/*", ctx -> {
      String operation = ctx.attribute(OPERATION);
      if (operation != null) {
        sunco.journal().add(new SuncoJournal.Request(operation, ctx.method().name(),
            ctx.path().substring(SERVER.length()), Map.copyOf(ctx.queryParamMap()), ctx.body(), ctx.statusCode(),
            ctx.result()));
      }
    });
    Routes routes = new Routes(app, sunco);
    ConversationRoutes.register(routes);
    IntegrationRoutes.register(routes);
  }

  /** Registers one route after another, each with the checks every SunCo call gets. */
  static final class Routes {
    private final Javalin app;
    private final SuncoSimulator sunco;

    Routes(Javalin app, SuncoSimulator sunco) {
      this.app = app;
      this.sunco = sunco;
    }

    SuncoSimulator sunco() {
      return sunco;
    }

    /** A route under the app; {@code status} answers success; the call runs under the simulator's monitor. */
    void on(HandlerType method, String path, String operation, int status, Call call) {
      app.addHttpHandler(method, APP + path, ctx -> {
        ctx.attribute(OPERATION, operation);
        ObjectNode body = check(ctx, method, operation);
        if (sunco.faults().refuse(ctx, operation, ANSWER)) {
          return;
        }
        Object answer = sunco.locked(() -> call.answer(ctx, body));
        ctx.status(status).contentType("application/json").result(SuncoJson.write(answer));
        ApiFaults.afterCall(ctx, ANSWER);
      });
    }

    private ObjectNode check(Context ctx, HandlerType method, String operation) {
      if (ctx.bodyAsBytes().length > BODY_LIMIT) {
        throw new SuncoError(413, "payload_too_large", "Request body exceeds the 100kb limit");
      }
      String keyId = sunco.authenticate(ctx.header("Authorization"));
      if (!SuncoSimulator.APP_ID.equals(ctx.pathParam("appId"))) {
        throw new SuncoError(404, "app_not_found", "App not found");
      }
      if (sunco.rateLimiter().refuse(ctx, keyId, ANSWER)) {
        throw new AnsweredException();
      }
      if (method == HandlerType.GET || method == HandlerType.DELETE) {
        return null;
      }
      if (BODY_OPTIONAL.contains(operation) && ctx.bodyAsBytes().length == 0) {
        return SuncoJson.object();
      }
      String type = ctx.header("Content-Type");
      if (type == null || !type.toLowerCase().startsWith("application/json")) {
        throw SuncoError.badRequest("Content-Type must be application/json");
      }
      return SuncoJson.body(new String(ctx.bodyAsBytes(), StandardCharsets.UTF_8));
    }
  }

  /** The answer was written already (a 429): nothing more to do. */
  static final class AnsweredException extends RuntimeException {
    AnsweredException() {
      super(null, null, false, false);
    }
  }

  static void error(Context ctx, int status, String code, String title) {
    Map<String, Object> error = new LinkedHashMap<>();
    error.put("code", code);
    error.put("title", title);
    ctx.status(status).contentType("application/json").result(SuncoJson.write(Map.of("errors", List.of(error))));
  }
}
