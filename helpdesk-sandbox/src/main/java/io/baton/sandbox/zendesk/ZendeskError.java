package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.KitJson;
import java.util.List;
import java.util.Map;

/**
 * An error answer of the Support API: its status and Zendesk's body. The classic API answers
 * {@code {"error", "description", "details"}} (developer.zendesk.com/api-reference/introduction/responses); the
 * Webhooks API answers {@code {"errors": [{"code", "title", "detail"}]}} (api-reference/webhooks).
 */
public final class ZendeskError extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final transient Map<String, Object> body;

  private ZendeskError(int status, String message, Map<String, Object> body) {
    super(message);
    this.status = status;
    this.body = body;
  }

  public int status() {
    return status;
  }

  public Map<String, Object> body() {
    return body;
  }

  /** The documented 401 body, word for word. */
  static ZendeskError unauthenticated() {
    return new ZendeskError(401, "Couldn't authenticate you", KitJson.object("error", "Couldn't authenticate you"));
  }

  /** What a staff member who is not an admin gets on an admin's endpoint. */
  static ZendeskError forbidden() {
    String description = "You do not have access to this page. Please contact the account owner of this help desk "
        + "for further help.";
    return new ZendeskError(403, description, KitJson.object("error", "Forbidden", "description", description));
  }

  /** Triggers, webhooks, groups and staff users are the admins' (each endpoint's "Allowed for: Admins"). */
  static void requireAdmin(SupportUser actor) {
    if (!SupportUser.ADMIN.equals(actor.role())) {
      throw forbidden();
    }
  }

  static ZendeskError notFound() {
    return new ZendeskError(404, "Not found", KitJson.object("error", "RecordNotFound", "description", "Not found"));
  }

  static ZendeskError badRequest(String description) {
    return new ZendeskError(400, description, KitJson.object("error", "InvalidValue", "description", description));
  }

  /** 422 RecordInvalid with one field's error, e.g. {@code ("name", "DuplicateValue", "Name: has already been taken")}. */
  static ZendeskError invalid(String field, String code, String description) {
    return new ZendeskError(422, description, KitJson.object("error", "RecordInvalid", "description",
        "Record validation errors", "details", Map.of(field, List.of(KitJson.object("description", description,
            "error", code)))));
  }

  /** The same {@code Idempotency-Key} with another request body. */
  static ZendeskError idempotencyMismatch() {
    String description = "Request parameters do not match the original request for this idempotency key";
    return new ZendeskError(400, description, KitJson.object("error", "IdempotentRequestError", "description",
        description));
  }

  static ZendeskError tooManyRequests(String description) {
    return new ZendeskError(429, description, KitJson.object("error", "TooManyRequests", "description", description));
  }

  /** A Webhooks API error: {@code {"errors":[{"code","title","detail"}]}}. */
  static ZendeskError webhooks(int status, String code, String title, String detail) {
    return new ZendeskError(status, detail, KitJson.object("errors", List.of(KitJson.object("code", code, "title",
        title, "detail", detail))));
  }
}
