package io.baton.sandbox.oracle;

import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;

/**
 * A refused call, answered with its status and {@code {"exceptionCode", "message"}} [guess: the consumer API's docs
 * list no error body; the codes are the ones its agent API documents: ACCESS_DENIED, BAD_REQUEST, CONFLICT,
 * INVALID_FIELD, NOT_FOUND].
 */
final class OracleError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;

  OracleError(int status, String code, String message) {
    super(message);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static OracleError badRequest(String message) {
    return new OracleError(400, "BAD_REQUEST", message);
  }

  static OracleError invalidField(String message) {
    return new OracleError(400, "INVALID_FIELD", message);
  }

  static OracleError accessDenied(String message) {
    return new OracleError(403, "ACCESS_DENIED", message);
  }

  static OracleError notFound(String message) {
    return new OracleError(404, "NOT_FOUND", message);
  }

  static OracleError conflict(String message) {
    return new OracleError(409, "CONFLICT", message);
  }

  void write(Context ctx) {
    write(ctx, status, code, getMessage());
  }

  static void write(Context ctx, int status, String code, String message) {
    KitJson.write(ctx, status, KitJson.object("exceptionCode", code, "message", message));
  }

  /** How an injected fault reads. */
  static void fault(Context ctx, int status, String message) {
    write(ctx, status, status == 429 ? "TOO_MANY_REQUESTS" : status >= 500 ? "UNKNOWN_EXCEPTION" : "BAD_REQUEST",
        message);
  }
}
