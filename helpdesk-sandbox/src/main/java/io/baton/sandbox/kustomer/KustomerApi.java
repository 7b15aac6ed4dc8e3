package io.baton.sandbox.kustomer;

import io.baton.sandbox.kit.ApiAnswer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.util.List;

/**
 * Kustomer's API under {@code /kustomer}: core ({@code /v1}, {@link KustomerCoreApi}) and chat
 * ({@code /v2.1/chat}, {@link KustomerChatApi}). Every call: {@code Authorization: Bearer <API key>} (else 401), then
 * the org's rate limit (429, headers on every answer), then the faults of its path (the path under
 * {@code /kustomer/}, e.g. {@code v2.1/chat/handoff}), then the call under the simulator's monitor. Unknown routes
 * are 404 (after authentication, as every call).
 */
public final class KustomerApi {
  public static final String BASE_PATH = "/kustomer";

  private KustomerApi() {
  }

  /** A call run under the simulator's monitor, as the API key's user. */
  interface Call {
    ApiAnswer run(Context ctx, KustomerOrg.User caller);
  }

  static void register(Javalin app, KustomerSimulator k) {
    KustomerCoreApi.register(app, k);
    KustomerChatApi.register(app, k);
    for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
        HandlerType.DELETE)) {
      app.addHttpHandler(method, BASE_PATH + "/*", ctx -> handle(ctx, k, (c, user) -> {
        throw new KustomerError(404, "not_found", "Not Found", "No route " + c.method() + " " + c.path(), null);
      }));
    }
  }

  static void route(Javalin app, KustomerSimulator k, HandlerType method, String path, Call call) {
    app.addHttpHandler(method, BASE_PATH + path, ctx -> handle(ctx, k, call));
  }

  static void handle(Context ctx, KustomerSimulator k, Call call) throws InterruptedException {
    KustomerOrg.User caller = k.locked(() -> k.org().userOfKey(bearer(ctx)).orElse(null));
    if (caller == null) {
      KustomerError.write(ctx, 401, "unauthorized", "Unauthorized",
          ctx.header("Authorization") == null ? "Missing Authorization header" : "Invalid API key", null);
      return;
    }
    if (k.rateLimits().refuse(ctx) || k.faults().refuse(ctx, ctx.path().substring(BASE_PATH.length() + 1),
        KustomerError::answer)) {
      return;
    }
    ApiAnswer.respond(ctx, () -> k.locked(() -> call.run(ctx, caller)), KustomerError.class, KustomerError::write,
        KustomerError::answer);
  }

  private static String bearer(Context ctx) {
    String auth = ctx.header("Authorization");
    return auth != null && auth.startsWith("Bearer ") ? auth.substring("Bearer ".length()).trim() : null;
  }
}
