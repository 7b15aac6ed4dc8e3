package io.baton.ingress.auth;

import io.baton.ingress.IngressConfig;
import io.baton.ingress.http.Problem;
import io.baton.ingress.http.ProblemException;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Establishes the {@link Caller} of a request from {@code Authorization: Bearer <credential>}: a tenant's bot key, the
 * admin key, or a widget token. A widget token may also come as {@code ?access_token=} because EventSource cannot set
 * headers; keys may not (URLs end up in logs). Keys are held only as SHA-256 digests, so a lookup compares digests
 * and the keys themselves are never in a map, a log line or an answer.
 */
public final class Authenticator {
  public static final String TENANT_HEADER = "X-Baton-Tenant";
  public static final String CALLER = "baton.caller";

  private final Map<String, String> tenantByKeyDigest = new HashMap<>();
  private final String adminKeyDigest;
  private final WidgetTokens tokens;
  private final Clock clock;

  public Authenticator(IngressConfig.Security security, WidgetTokens tokens, Clock clock) {
    security.botKeys().forEach((tenant, keys) -> keys.forEach(k -> tenantByKeyDigest.put(digest(k), tenant)));
    this.adminKeyDigest = security.adminKey() == null ? null : digest(security.adminKey());
    this.tokens = tokens;
    this.clock = clock;
  }

  /** Answers 401 (no or unknown credential), 400 (bad tenant header) or 403 (tenant header of another tenant). */
  public Caller authenticate(Context ctx) {
    try {
      return authenticate(ctx.header("Authorization"), ctx.queryParam("access_token"), ctx.header(TENANT_HEADER));
    } catch (ProblemException e) {
      if (e.problem().status() == 401) {
        ctx.header("WWW-Authenticate", "Bearer realm=\"baton\"");
      }
      throw e;
    }
  }

  /** The same from the raw parts, for WebSocket upgrades. */
  public Caller authenticate(String authorization, String accessToken, String tenantHeader) {
    String credential = bearer(authorization);
    boolean fromQuery = false;
    if (credential == null) {
      credential = accessToken;
      fromQuery = credential != null;
    }
    if (credential == null || credential.isEmpty()) {
      throw unauthorized("send a bot key or widget token as 'Authorization: Bearer <credential>'");
    }
    checkTenantHeader(tenantHeader);
    if (WidgetTokens.looksLikeToken(credential)) {
      String token = credential;
      ConversationKey scope = tokens.verify(token, clock.instant()).orElseThrow(() -> unauthorized(
          tokens.unheldKeyId(token).map(kid -> "the widget token was signed with key " + kid + ", which this service "
              + "no longer accepts (its keys were rotated); get a new one from your bot backend")
              .orElse("the widget token is invalid or expired; get a new one from your bot backend")));
      requireSameTenant(tenantHeader, scope.tenant());
      return new Caller(Caller.Kind.WIDGET, scope.tenant(), scope.conversationId());
    }
    if (fromQuery) {
      throw unauthorized("only widget tokens may be sent as access_token; send keys in the Authorization header");
    }
    String d = digest(credential);
    String tenant = tenantByKeyDigest.get(d);
    if (tenant != null) {
      requireSameTenant(tenantHeader, tenant);
      return new Caller(Caller.Kind.BOT, tenant, null);
    }
    if (adminKeyDigest != null && MessageDigest.isEqual(adminKeyDigest.getBytes(StandardCharsets.US_ASCII),
        d.getBytes(StandardCharsets.US_ASCII))) {
      if (tenantHeader == null) {
        throw Problem.badField("invalid-tenant", "Invalid tenant", TENANT_HEADER,
            "the admin key acts for the tenant named by the " + TENANT_HEADER + " header; it is missing").exception();
      }
      return new Caller(Caller.Kind.ADMIN, tenantHeader, null);
    }
    throw unauthorized("the credential is not a known key or widget token");
  }

  /**
   * For the operators' routes that act on every tenant (no {@code X-Baton-Tenant}): the admin key or a 401 (no or
   * unknown credential) or 403 (a bot key or widget token).
   */
  public void requireAdmin(Context ctx) {
    String credential = bearer(ctx.header("Authorization"));
    boolean admin = credential != null && !credential.isEmpty() && adminKeyDigest != null && MessageDigest.isEqual(
        adminKeyDigest.getBytes(StandardCharsets.US_ASCII), digest(credential).getBytes(StandardCharsets.US_ASCII));
    if (admin) {
      return;
    }
    if (credential != null && (WidgetTokens.looksLikeToken(credential)
        || tenantByKeyDigest.containsKey(digest(credential)))) {
      throw Problem.typed(403, "forbidden", "Forbidden", "only the admin key may do this", List.of()).exception();
    }
    ctx.header("WWW-Authenticate", "Bearer realm=\"baton\"");
    throw unauthorized("send the admin key as 'Authorization: Bearer <key>'");
  }

  private static void checkTenantHeader(String tenant) {
    if (tenant != null && !ConversationKey.isValidPart(tenant)) {
      throw Problem.badField("invalid-tenant", "Invalid tenant", TENANT_HEADER,
          "header " + TENANT_HEADER + " must match " + ConversationKey.PART.pattern()).exception();
    }
  }

  private static void requireSameTenant(String header, String tenant) {
    if (header != null && !header.equals(tenant)) {
      throw Problem.typed(403, "wrong-tenant", "Forbidden",
          "this credential does not belong to the tenant named in " + TENANT_HEADER, List.of()).exception();
    }
  }

  private static String bearer(String header) {
    if (header == null) {
      return null;
    }
    String h = header.strip();
    if (h.regionMatches(true, 0, "Bearer ", 0, 7)) {
      return h.substring(7).strip();
    }
    return "";
  }

  private static ProblemException unauthorized(String detail) {
    return Problem.typed(401, "unauthorized", "Unauthorized", detail, List.of()).exception();
  }

  static String digest(String key) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The caller established for this request by the before-handler. */
  public static Caller caller(Context ctx) {
    Caller c = ctx.attribute(CALLER);
    if (c == null) {
      throw new IllegalStateException("no caller: the route is outside the authenticated paths");
    }
    return c;
  }
}
