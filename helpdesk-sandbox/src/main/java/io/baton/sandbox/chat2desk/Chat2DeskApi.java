package io.baton.sandbox.chat2desk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Chat2Desk's API v1 under {@code /chat2desk/v1}: {@code Authorization: <token>} (no Bearer; else 401 "You need to
 * auth"), then the rate limit per token (429 "Number of API requests exceeded" with {@code Retry-After}), then the
 * faults of the operation, then the call. Answers are {@code {"status":"success","data":...}} or
 * {@code {"status":"error","message":...}} (with {@code errors} naming a wrong field); unknown paths 404 "Page not
 * found". The calls are {@link Chat2DeskDialogApi}'s and {@link Chat2DeskWebhookApi}'s.
 */
public final class Chat2DeskApi {
  public static final String BASE_PATH = "/chat2desk/v1";

  private Chat2DeskApi() {
  }

  /** A call: what it answers as {@code data} (and, for lists, {@code meta}). */
  interface Call {
    Object run(Context ctx);
  }

  /** A list answer: {@code data} and {@code meta}. */
  record Page(List<?> data, Map<String, Object> meta) {}

  public static void register(Javalin app, Chat2DeskSimulator c2d) {
    Chat2DeskDialogApi.register(app, c2d);
    Chat2DeskWebhookApi.register(app, c2d);
    app.get(BASE_PATH + "/companies/api_info", ctx -> call(ctx, c2d, "api_info", () -> KitJson.object(
        "company_name", Chat2DeskCompany.COMPANY_NAME, "mode", "active", "hooks", c2d.webhooks().all().size(),
        "channels", c2d.company().channels().size(), "operators", c2d.company().operators().size())));
    app.get(BASE_PATH + "/channels", ctx -> call(ctx, c2d, "channels", () -> c2d.company().channels().stream()
        .map(ch -> KitJson.object("id", ch.id(), "name", ch.name(), "transport", ch.transport())).toList()));
    // Anything else under the base: authenticated first, as every call, then not found.
    for (String path : List.of(BASE_PATH, BASE_PATH + "/*")) {
      app.get(path, ctx -> notFound(ctx, c2d));
      app.post(path, ctx -> notFound(ctx, c2d));
      app.put(path, ctx -> notFound(ctx, c2d));
      app.delete(path, ctx -> notFound(ctx, c2d));
    }
  }

  private static void notFound(Context ctx, Chat2DeskSimulator c2d) {
    if (authenticated(ctx)) {
      error(ctx, 404, "Page not found");
    }
  }

  /** Authentication, the rate limit, the operation's faults, then the call under the simulator's monitor. */
  static void call(Context ctx, Chat2DeskSimulator c2d, String operation, Supplier<Object> call) throws Exception {
    handle(ctx, c2d, operation, c -> call.get());
  }

  static void handle(Context ctx, Chat2DeskSimulator c2d, String operation, Call call) throws Exception {
    if (!authenticated(ctx) || c2d.rateLimiter().refuse(ctx, Chat2DeskCompany.TOKEN, Chat2DeskApi::error)
        || c2d.faults().refuse(ctx, operation, Chat2DeskApi::error)) {
      return;
    }
    try {
      Object data = c2d.locked(() -> call.run(ctx));
      Map<String, Object> answer = KitJson.object("status", "success");
      if (data instanceof Page page) {
        answer.put("data", page.data());
        answer.put("meta", page.meta());
      } else {
        answer.put("data", data);
      }
      KitJson.write(ctx, 200, answer);
    } catch (Chat2DeskError e) {
      error(ctx, e);
      return;
    }
    ApiFaults.afterCall(ctx, Chat2DeskApi::error);
  }

  private static boolean authenticated(Context ctx) {
    if (!Chat2DeskCompany.TOKEN.equals(ctx.header("Authorization"))) {
      error(ctx, 401, "You need to auth");
      return false;
    }
    return true;
  }

  /** Chat2Desk's error body; a 429 says the limit's words, whatever the caller passed. */
  static void error(Context ctx, int status, String message) {
    String text = status == 429 ? "Number of API requests exceeded" : message;
    KitJson.write(ctx, status, KitJson.object("status", "error", "message", text));
  }

  static void error(Context ctx, Chat2DeskError e) {
    Map<String, Object> body = KitJson.object("status", "error", "message", e.getMessage());
    if (e.field() != null) {
      body.put("errors", Map.of(e.field(), List.of(e.getMessage())));
    }
    KitJson.write(ctx, e.status(), body);
  }

  // ---- reading a request ----

  static JsonNode body(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw new Chat2DeskError(400, "Request body must be a JSON object");
    }
    return body;
  }

  /** An id field: a number or a numeric string; null when absent and not required. */
  static Long id(JsonNode body, String field, boolean required) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      if (required) {
        throw Chat2DeskError.field(field, "is required");
      }
      return null;
    }
    if (v.canConvertToLong() && v.isIntegralNumber()) {
      return v.asLong();
    }
    if (v.isTextual() && v.asText().matches("\\d{1,18}")) {
      return Long.parseLong(v.asText());
    }
    throw Chat2DeskError.field(field, "must be a number");
  }

  static long pathId(Context ctx, String what) {
    String raw = ctx.pathParam("id");
    if (!raw.matches("\\d{1,18}")) {
      throw Chat2DeskError.notFound(what);
    }
    return Long.parseLong(raw);
  }

  /** A string field (a number is taken as its text); null when absent. */
  static String text(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual() && !v.isNumber()) {
      throw Chat2DeskError.field(field, "must be a string");
    }
    return v.asText();
  }

  /** A boolean field ({@code true}/{@code false}, 1/0); false when absent. */
  static boolean flag(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return false;
    }
    if (v.isBoolean()) {
      return v.asBoolean();
    }
    if (v.isInt() && (v.asInt() == 0 || v.asInt() == 1)) {
      return v.asInt() == 1;
    }
    throw Chat2DeskError.field(field, "must be true or false");
  }

  /** {@code limit} (default 20, at most 200) and {@code offset} (default 0) of a list. */
  static int[] paging(Context ctx) {
    int limit = query(ctx, "limit", 20);
    int offset = query(ctx, "offset", 0);
    if (limit < 1 || limit > 200) {
      throw Chat2DeskError.field("limit", "must be between 1 and 200");
    }
    if (offset < 0) {
      throw Chat2DeskError.field("offset", "must not be negative");
    }
    return new int[] {limit, offset};
  }

  private static int query(Context ctx, String name, int absent) {
    String v = ctx.queryParam(name);
    if (v == null || v.isBlank()) {
      return absent;
    }
    if (!v.matches("-?\\d{1,9}")) {
      throw Chat2DeskError.field(name, "must be a number");
    }
    return Integer.parseInt(v);
  }
}
