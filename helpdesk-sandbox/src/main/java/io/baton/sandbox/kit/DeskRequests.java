package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;

/** The bodies of the sandbox's own routes (the desk, the console's forms, the messenger): a 400 names what is wrong. */
public final class DeskRequests {
  private DeskRequests() {}

  /** The body, which must be a JSON object. */
  public static JsonNode object(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw new DeskException(400, "Body must be a JSON object");
    }
    return body;
  }

  /** As {@link #object}, an empty body counting as {}. */
  public static JsonNode objectOrEmpty(Context ctx) {
    return ctx.body().isBlank() ? KitJson.MAPPER.createObjectNode() : object(ctx);
  }

  /** A required, non-blank string member. */
  public static String text(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw new DeskException(400, field + " is required (non-empty string)");
    }
    return value.asText();
  }

  /** An optional string member; null when absent or blank. */
  public static String optional(JsonNode body, String field) {
    JsonNode value = body.path(field);
    return value.isTextual() && !value.asText().isBlank() ? value.asText() : null;
  }
}
