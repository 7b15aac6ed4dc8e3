package io.baton.sandbox.gorgias;

import io.baton.sandbox.kit.ApiAnswer;
import io.baton.sandbox.kit.RateLimiter;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HandlerType;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Gorgias' REST API under {@code /gorgias/api} (for {@code https://<domain>.gorgias.com/api}): customers, users,
 * teams ({@link GorgiasDirectoryApi}), tickets, messages, tags ({@link GorgiasTicketApi}) and HTTP integrations.
 * Every call: Basic {@code base64(<user email>:<API key>)} (else 401), then the account's leaky bucket (every answer
 * says {@code X-Gorgias-Account-Api-Call-Limit: <used>/<burst>}; over it 429 with {@code Retry-after} seconds), then
 * the faults of its path (the path under {@code /gorgias/api/}, e.g. {@code tickets}), then the call under the
 * simulator's monitor. Unknown routes are 404 after authentication.
 */
public final class GorgiasApi {
  public static final String BASE_PATH = "/gorgias/api";
  static final String CALL_LIMIT = "X-Gorgias-Account-Api-Call-Limit";

  private GorgiasApi() {
  }

  /** A call run under the simulator's monitor, as the signed-in API user. */
  interface Call {
    ApiAnswer run(Context ctx, GorgiasAccount.User caller);
  }

  static void register(Javalin app, GorgiasSimulator g) {
    GorgiasDirectoryApi.register(app, g);
    GorgiasTicketApi.register(app, g);
    for (HandlerType method : List.of(HandlerType.GET, HandlerType.POST, HandlerType.PUT, HandlerType.PATCH,
        HandlerType.DELETE)) {
      app.addHttpHandler(method, BASE_PATH + "/*", ctx -> handle(ctx, g, (c, user) -> {
        throw new GorgiasError(404, "Resource not found.", null);
      }));
    }
  }

  static void route(Javalin app, GorgiasSimulator g, HandlerType method, String path, Call call) {
    app.addHttpHandler(method, BASE_PATH + path, ctx -> handle(ctx, g, call));
  }

  static void handle(Context ctx, GorgiasSimulator g, Call call) throws InterruptedException {
    String[] credentials = basic(ctx.header("Authorization"));
    GorgiasAccount.User caller = credentials == null ? null
        : g.locked(() -> g.account().signIn(credentials[0], credentials[1]).orElse(null));
    if (caller == null) {
      GorgiasError.write(ctx, 401, ctx.header("Authorization") == null ? "Missing credentials."
          : "Invalid credentials.", null, null);
      return;
    }
    RateLimiter bucket = g.bucket();
    boolean refused = bucket.refuse(ctx, GorgiasAccount.DOMAIN, GorgiasError::answer);
    ctx.header(CALL_LIMIT, bucket.used(GorgiasAccount.DOMAIN) + "/" + bucket.burst());
    if (refused || g.faults().refuse(ctx, ctx.path().substring(BASE_PATH.length() + 1), GorgiasError::answer)) {
      return;
    }
    ApiAnswer.respond(ctx, () -> g.locked(() -> call.run(ctx, caller)), GorgiasError.class, GorgiasError::write,
        GorgiasError::answer);
  }

  /** {@code [email, key]} of a Basic header, or null. */
  private static String[] basic(String header) {
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return null;
    }
    try {
      String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
      int colon = decoded.indexOf(':');
      return colon < 0 ? null : new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)};
    } catch (IllegalArgumentException e) {
      return null;
    }
  }
}
