package io.baton.sandbox.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/** Reading a Kustomer request body: every wrong field is a 400 whose {@code source.pointer} names it. */
final class KustomerRequests {
  private KustomerRequests() {
  }

  static JsonNode object(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw KustomerError.invalid("", "The body must be a JSON object");
    }
    return body;
  }

  static JsonNode array(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isArray()) {
      throw KustomerError.invalid("", "The body must be a JSON array");
    }
    return body;
  }

  /** Refuses members the operation does not know. */
  static void only(JsonNode body, Set<String> fields) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw KustomerError.invalid("/" + name, name + " is not a field of this request; allowed: " + fields);
      }
    }
  }

  static String requiredText(JsonNode body, String field) {
    String v = optionalText(body, field);
    if (v == null || v.isBlank()) {
      throw KustomerError.invalid("/" + field, field + " is required (a non-empty string)");
    }
    return v;
  }

  /** A string member, null when absent or null. */
  static String optionalText(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw KustomerError.invalid("/" + field, field + " must be a string");
    }
    return v.asText();
  }

  static Boolean optionalFlag(JsonNode body, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw KustomerError.invalid("/" + field, field + " must be a boolean");
    }
    return v.asBoolean();
  }

  /** A list of non-empty strings at {@code pointer}. */
  static List<String> strings(JsonNode v, String pointer) {
    if (!v.isArray()) {
      throw KustomerError.invalid(pointer, pointer.substring(pointer.lastIndexOf('/') + 1)
          + " must be a list of strings");
    }
    List<String> out = new ArrayList<>();
    for (int i = 0; i < v.size(); i++) {
      if (!v.get(i).isTextual() || v.get(i).asText().isBlank()) {
        throw KustomerError.invalid(pointer + "/" + i, "must be a non-empty string");
      }
      if (!out.contains(v.get(i).asText())) {
        out.add(v.get(i).asText());
      }
    }
    return out;
  }

  /** An ISO-8601 date-time with an offset ({@code 2026-11-29T13:00:00Z}). */
  static Instant date(JsonNode v, String pointer) {
    if (!v.isTextual()) {
      throw KustomerError.invalid(pointer, "date is required (ISO-8601)");
    }
    try {
      return OffsetDateTime.parse(v.asText()).toInstant();
    } catch (DateTimeParseException e) {
      throw KustomerError.invalid(pointer, "date must be ISO-8601 with an offset, got " + v.asText());
    }
  }
}
