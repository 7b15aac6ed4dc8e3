package io.baton.sandbox.freshchat;

/**
 * An error answer of the Freshchat API: {@code {"code":404,"status":"USER_NOT_FOUND","message":"..."}}, the status a
 * SCREAMING_SNAKE name.
 */
public final class FreshchatError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final String status;

  public FreshchatError(int code, String status, String message) {
    super(message);
    this.code = code;
    this.status = status;
  }

  static FreshchatError invalid(String message) {
    return new FreshchatError(400, "INVALID_VALUE", message);
  }

  /** {@code USER_NOT_FOUND}, {@code CONVERSATION_NOT_FOUND}, ...: 404 for an unknown id of that kind. */
  static FreshchatError notFound(String kind, String id) {
    return new FreshchatError(404, kind.toUpperCase(java.util.Locale.ROOT) + "_NOT_FOUND",
        kind + " not found: " + id);
  }

  public int code() {
    return code;
  }

  public String status() {
    return status;
  }

  /** The status name an error answer of this HTTP status has when nothing more specific applies. */
  static String statusName(int code) {
    return switch (code) {
      case 400 -> "INVALID_VALUE";
      case 401 -> "UNAUTHORIZED";
      case 403 -> "FORBIDDEN";
      case 404 -> "NOT_FOUND";
      case 429 -> "RATE_LIMIT_EXCEEDED";
      case 502 -> "BAD_GATEWAY";
      case 503 -> "SERVICE_UNAVAILABLE";
      default -> code >= 500 ? "INTERNAL_SERVER_ERROR" : "BAD_REQUEST";
    };
  }
}
