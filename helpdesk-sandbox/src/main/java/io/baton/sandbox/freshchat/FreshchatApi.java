package io.baton.sandbox.freshchat;

import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * Freshchat's API v2 under {@code /freshchat/v2}: {@code Authorization: Bearer <token>} (else 401
 * {@code UNAUTHORIZED}), then the account's rate limit (429 {@code RATE_LIMIT_EXCEEDED} with {@code Retry-After}),
 * then the operation's faults, then the call under the simulator's monitor. Errors are
 * {@code {code, status, message}}; unknown paths 404 {@code NOT_FOUND}. The calls are here (the account's
 * directory) and in {@link FreshchatUserApi} and {@link FreshchatConversationApi}.
 */
public final class FreshchatApi {
  public static final String BASE_PATH = "/freshchat/v2";

  private FreshchatApi() {
  }

  /** A call: what it answers. */
  interface Call {
    Object run(Context ctx);
  }

  static void register(Javalin app, FreshchatSimulator fc) {
    FreshchatUserApi.register(app, fc);
    FreshchatConversationApi.register(app, fc);
    FreshchatAccount account = fc.account();
    get(app, fc, "/accounts/configuration", "accounts.configuration", ctx -> Json.object("app_id",
        FreshchatAccount.APP_ID, "account_name", FreshchatAccount.ACCOUNT_NAME, "account_domain",
        FreshchatAccount.ACCOUNT_NAME + ".freshchat.com", "datacenter", "sandbox"));
    get(app, fc, "/channels", "channels", ctx -> Json.object("channels", account.channels().stream()
        .map(c -> Json.object("id", c.id(), "name", c.name(), "enabled", c.enabled(), "public", true,
            "icon", Map.of(), "tags", List.of()))
        .toList(), "pagination", pagination(account.channels().size(), 1, Math.max(1, account.channels().size()))));
    get(app, fc, "/groups", "groups", ctx -> Json.object("groups", account.groups().stream()
        .map(g -> Json.object("id", g.id(), "name", g.name(), "description", g.name() + " team",
            "routing_type", "INTELLIASSIGN"))
        .toList(), "pagination", pagination(account.groups().size(), 1, Math.max(1, account.groups().size()))));
    get(app, fc, "/agents", "agents", ctx -> Json.object("agents", account.agents().stream()
        .map(FreshchatApi::agent).toList(), "pagination",
        pagination(account.agents().size(), 1, Math.max(1, account.agents().size()))));
    get(app, fc, "/agents/{id}", "agents.get", ctx -> agent(account.agent(ctx.pathParam("id"))));
    // Anything else under the base: authenticated first, as every call, then not found.
    for (String path : List.of(BASE_PATH, BASE_PATH + "/*")) {
      app.get(path, ctx -> unknown(ctx, fc));
      app.post(path, ctx -> unknown(ctx, fc));
      app.put(path, ctx -> unknown(ctx, fc));
      app.delete(path, ctx -> unknown(ctx, fc));
    }
  }

  static Map<String, Object> agent(FreshchatAccount.Agent a) {
    return Json.object("id", a.id(), "first_name", a.firstName(), "last_name", a.lastName(), "email", a.email(),
        "avatar", Json.object("url", null), "biography", null, "is_deactivated", false, "availability_status",
        "AVAILABLE", "role_id", "AGENT");
  }

  static Map<String, Object> pagination(int total, int page, int perPage) {
    return Json.object("total_items", total, "total_pages", Math.max(1, (total + perPage - 1) / perPage),
        "current_page", page, "items_per_page", perPage);
  }

  private static void get(Javalin app, FreshchatSimulator fc, String path, String operation, Call call) {
    app.get(BASE_PATH + path, ctx -> handle(ctx, fc, operation, 200, call));
  }

  private static void unknown(Context ctx, FreshchatSimulator fc) {
    if (authenticated(ctx, fc)) {
      error(ctx, 404, "NOT_FOUND", "no such API: " + ctx.method() + " " + ctx.path());
    }
  }

  /** Authentication, the rate limit, the operation's faults, then the call under the monitor. */
  static void handle(Context ctx, FreshchatSimulator fc, String operation, int okStatus, Call call)
      throws Exception {
    if (!authenticated(ctx, fc) || fc.rateLimiter().refuse(ctx, "account", FreshchatApi::error)
        || fc.faults().refuse(ctx, operation, FreshchatApi::error)) {
      return;
    }
    try {
      Object answer = fc.locked(() -> call.run(ctx));
      KitJson.write(ctx, okStatus, answer);
    } catch (FreshchatError e) {
      error(ctx, e.code(), e.status(), e.getMessage());
      return;
    }
    ApiFaults.afterCall(ctx, FreshchatApi::error);
  }

  private static boolean authenticated(Context ctx, FreshchatSimulator fc) {
    String header = ctx.header("Authorization");
    String token = header != null && header.startsWith("Bearer ") ? header.substring(7).trim() : null;
    if (!fc.account().validToken(token)) {
      error(ctx, 401, "UNAUTHORIZED", header == null ? "the Authorization header is missing"
          : "the API token is invalid or expired");
      return false;
    }
    return true;
  }

  /** An answer refused by the rate limit or a fault: the status's name. */
  static void error(Context ctx, int code, String message) {
    error(ctx, code, FreshchatError.statusName(code), code == 429 ? "rate limit exceeded" : message);
  }

  static void error(Context ctx, int code, String status, String message) {
    KitJson.write(ctx, code, Json.object("code", code, "status", status, "message", message));
  }

  /** {@code page} (from 1) and {@code items_per_page} (1..max, default given) of a list. */
  static int[] paging(Context ctx, int perPageDefault, int perPageMax) {
    int page = query(ctx, "page", 1);
    int perPage = query(ctx, "items_per_page", perPageDefault);
    if (page < 1) {
      throw FreshchatError.invalid("page must be at least 1");
    }
    if (perPage < 1 || perPage > perPageMax) {
      throw FreshchatError.invalid("items_per_page must be between 1 and " + perPageMax);
    }
    return new int[] {page, perPage};
  }

  /** One page of a list, with its {@code pagination}. */
  static Map<String, Object> page(String field, List<?> all, int[] paging) {
    int from = Math.min(all.size(), (paging[0] - 1) * paging[1]);
    int to = Math.min(all.size(), from + paging[1]);
    return Json.object(field, all.subList(from, to), "pagination", pagination(all.size(), paging[0], paging[1]));
  }

  private static int query(Context ctx, String name, int absent) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return absent;
    }
    if (!v.matches("-?\\d{1,9}")) {
      throw FreshchatError.invalid(name + " must be a number");
    }
    return Integer.parseInt(v);
  }
}
