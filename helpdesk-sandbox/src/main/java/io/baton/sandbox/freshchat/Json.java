package io.baton.sandbox.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.util.Map;

/** Reading Freshchat request bodies: a wrong field is 400 {@code INVALID_VALUE} naming it. */
final class Json {
  private Json() {
  }

  static JsonNode body(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw FreshchatError.invalid("the request body must be a JSON object");
    }
    return body;
  }

  /** A non-empty string field. */
  static String requiredText(JsonNode node, String field, String at) {
    String v = optionalText(node, field, at);
    if (v == null || v.isEmpty()) {
      throw FreshchatError.invalid(at + field + " is required");
    }
    return v;
  }

  /** A string field; null when absent or null. */
  static String optionalText(JsonNode node, String field, String at) {
    JsonNode v = node.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw FreshchatError.invalid(at + field + " must be a string");
    }
    return v.asText();
  }

  static Map<String, Object> object(Object... keysAndValues) {
    return KitJson.object(keysAndValues);
  }
}
