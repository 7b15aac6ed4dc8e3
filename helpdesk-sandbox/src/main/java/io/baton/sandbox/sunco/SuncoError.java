package io.baton.sandbox.sunco;

/**
 * An answer SunCo refuses a call with: its status and {@code {"errors":[{"code", "title"}]}}, the codes and titles of
 * the spec's error examples.
 */
final class SuncoError extends RuntimeException {
  private final int status;
  private final String code;

  SuncoError(int status, String code, String title) {
    super(title);
    this.status = status;
    this.code = code;
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  static SuncoError badRequest(String title) {
    return new SuncoError(400, "bad_request", title);
  }

  static SuncoError unauthorized() {
    return new SuncoError(401, "unauthorized", "Authorization is required");
  }

  static SuncoError forbidden() {
    return new SuncoError(403, "forbidden", "Forbidden");
  }

  static SuncoError userNotFound() {
    return new SuncoError(404, "user_not_found", "User not found");
  }

  static SuncoError conversationNotFound() {
    return new SuncoError(404, "conversation_not_found", "Conversation not found");
  }

  static SuncoError integrationNotFound() {
    return new SuncoError(404, "integration_not_found", "Integration not found");
  }

  static SuncoError resourceNotFound() {
    return new SuncoError(404, "not_found", "Resource not found");
  }
}
