package io.baton.ingress.guard;

import io.baton.ingress.auth.Access;
import io.baton.ingress.auth.Caller;
import io.javalin.http.Context;
import java.util.Optional;

/**
 * Whether an API request is let in, once its caller is known: a page of another site only with a credential of a
 * tenant that lists the site ({@link CorsPolicy}), and only within the tenant's and the conversation's rates
 * ({@link RateLimits}). Answers of admitted cross-site requests carry {@code Access-Control-Allow-Origin}.
 */
public final class RequestAdmission {
  private static final String PREFIX = "/v1/conversations/";
  private final CorsPolicy cors;
  private final RateLimits rates;

  public RequestAdmission(CorsPolicy cors, RateLimits rates) {
    this.cors = cors;
    this.rates = rates;
  }

  /**
   * Before the credential is checked: a site some tenant lists may read the answer, so a widget there sees its 401
   * (an expired token) rather than a network error.
   */
  public void beforeAuthentication(Context ctx) {
    String origin = ctx.header("Origin");
    if (!CorsPolicy.concerns(origin, ctx.header("Host"))) {
      return;
    }
    ctx.header("Vary", "Origin");
    if (cors.allowsAnyTenant(origin)) {
      ctx.header("Access-Control-Allow-Origin", origin);
      ctx.header("Access-Control-Expose-Headers", CorsPolicy.EXPOSED);
    }
  }

  /** Refuses (403 problem without CORS headers) a site the caller's tenant does not list, then takes the rates. */
  public void admit(Context ctx, Caller caller) {
    String origin = ctx.header("Origin");
    if (CorsPolicy.concerns(origin, ctx.header("Host")) && !cors.allows(caller.tenant(), origin)) {
      ctx.res().setHeader("Access-Control-Allow-Origin", null);
      ctx.res().setHeader("Access-Control-Expose-Headers", null);
      cors.requireAllowed(caller.tenant(), origin);
    }
    rates.take(ctx, caller.tenant(), conversationId(ctx.path()));
  }

  /** Why a WebSocket upgrade is refused: its close code and reason. */
  public record SocketRefusal(int code, String reason) {}

  /**
   * The same for a WebSocket upgrade, which the HTTP before-handlers never see (browsers send {@code Origin} on every
   * upgrade, and CORS does not cover sockets): 4403 for a site the tenant does not list, 4429 over a rate.
   */
  public Optional<SocketRefusal> admitSocket(Caller caller, String origin, String host, String conversationId) {
    if (CorsPolicy.concerns(origin, host) && !cors.allows(caller.tenant(), origin)) {
      return Optional.of(new SocketRefusal(4403, "pages of " + origin + " may not open this tenant's conversations"));
    }
    try {
      rates.take(caller.tenant(), conversationId);
      return Optional.empty();
    } catch (RateLimits.Refused e) {
      return Optional.of(new SocketRefusal(4429, "rate-limited: retry after " + e.retryAfterSeconds + " s"));
    }
  }

  /** The conversation of a conversation route, or null (another route, or an id the route refuses anyway). */
  static String conversationId(String path) {
    if (!path.startsWith(PREFIX)) {
      return null;
    }
    int end = path.indexOf('/', PREFIX.length());
    String id = end < 0 ? path.substring(PREFIX.length()) : path.substring(PREFIX.length(), end);
    return Access.isSafeId(id) ? id : null;
  }
}
