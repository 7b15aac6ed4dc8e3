package io.baton.sandbox.gorgias;

import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the Gorgias API: {@code {"error": {"msg": "...", "data": {<field>: ["..."]}}}} [guess: the docs
 * say only to "read the error attribute"]; a validation error names its field by a dotted path
 * ({@code messages.0.sender}).
 */
public final class GorgiasError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String field;

  GorgiasError(int status, String msg, String field) {
    super(msg);
    this.status = status;
    this.field = field;
  }

  /** 400 about one field of the body. */
  static GorgiasError invalid(String field, String detail) {
    return new GorgiasError(400, detail, field);
  }

  static GorgiasError notFound(String what, Object id) {
    return new GorgiasError(404, what + " " + id + " not found.", null);
  }

  public int status() {
    return status;
  }

  /** The field it is about (dotted path), or null. */
  public String field() {
    return field;
  }

  void write(Context ctx) {
    write(ctx, status, status == 400 && field != null ? "Invalid request." : getMessage(), field, getMessage());
  }

  static void write(Context ctx, int status, String msg, String field, String detail) {
    Map<String, Object> error = KitJson.object("msg", msg);
    if (field != null) {
      error.put("data", Map.of(field, List.of(detail)));
    }
    KitJson.write(ctx, status, Map.of("error", error));
  }

  /** How faults and the rate limit word their answers. */
  static void answer(Context ctx, int status, String message) {
    String msg = switch (status) {
      case 429 -> "Too many requests. Please retry after the delay given in the Retry-after header.";
      case 401 -> "Unauthorized.";
      case 404 -> "Not found.";
      default -> status >= 500 ? "Internal server error." : message;
    };
    write(ctx, status, msg, null, null);
  }
}
