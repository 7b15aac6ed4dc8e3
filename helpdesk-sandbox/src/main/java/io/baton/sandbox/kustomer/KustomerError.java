package io.baton.sandbox.kustomer;

import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the Kustomer API, JSON:API style: {@code {"errors":[{status, code, title, detail,
 * source?:{pointer}}]}}. A validation error names the field by its JSON pointer.
 */
public final class KustomerError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final String title;
  private final String pointer;

  KustomerError(int status, String code, String title, String detail, String pointer) {
    super(detail);
    this.status = status;
    this.code = code;
    this.title = title;
    this.pointer = pointer;
  }

  /** 400 about one field of the body, named by its JSON pointer ({@code /messages/0/direction}). */
  static KustomerError invalid(String pointer, String detail) {
    return new KustomerError(400, "bad_request", "Bad Request", detail, pointer);
  }

  static KustomerError notFound(String what, String id) {
    return new KustomerError(404, "not_found", "Not Found", what + " " + id + " not found", null);
  }

  /** 404 for an id in the body, with its pointer. */
  static KustomerError notFound(String what, String id, String pointer) {
    return new KustomerError(404, "not_found", "Not Found", what + " " + id + " not found", pointer);
  }

  static KustomerError conflict(String code, String detail, String pointer) {
    return new KustomerError(409, code, "Conflict", detail, pointer);
  }

  static KustomerError unauthorized(String detail) {
    return new KustomerError(401, "unauthorized", "Unauthorized", detail, null);
  }

  public int status() {
    return status;
  }

  public String code() {
    return code;
  }

  /** The JSON pointer of the field it is about, or null. */
  public String pointer() {
    return pointer;
  }

  void write(Context ctx) {
    write(ctx, status, code, title, getMessage(), pointer);
  }

  static void write(Context ctx, int status, String code, String title, String detail, String pointer) {
    Map<String, Object> error = KitJson.object("status", status, "code", code, "title", title, "detail", detail);
    if (pointer != null) {
      error.put("source", Map.of("pointer", pointer));
    }
    KitJson.write(ctx, status, Map.of("errors", List.of(error)));
  }

  /** How faults and the org rate limit word their answers. */
  static void answer(Context ctx, int status, String message) {
    switch (status) {
      case 429 -> write(ctx, 429, "too_many_requests", "Too Many Requests", "Rate limit exceeded", null);
      case 401 -> write(ctx, 401, "unauthorized", "Unauthorized", message, null);
      case 404 -> write(ctx, 404, "not_found", "Not Found", message, null);
      default -> write(ctx, status, status >= 500 ? "internal_error" : "bad_request",
          status >= 500 ? "Server Error" : "Bad Request", message, null);
    }
  }
}
