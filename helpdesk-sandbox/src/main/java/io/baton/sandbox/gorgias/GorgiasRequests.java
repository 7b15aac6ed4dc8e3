package io.baton.sandbox.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.javalin.http.Context;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Iterator;
import java.util.Set;

/**
 * Reading a Gorgias request body: a wrong field is a 400 naming it by its dotted path ({@code messages.0.channel});
 * unknown parameters are refused, as the errors page says.
 */
final class GorgiasRequests {
  private GorgiasRequests() {
  }

  static JsonNode object(Context ctx) {
    JsonNode body = KitJson.readOrNull(ctx.body());
    if (body == null || !body.isObject()) {
      throw GorgiasError.invalid("_schema", "The body must be a JSON object.");
    }
    return body;
  }

  static String path(String prefix, String field) {
    return prefix.isEmpty() ? field : prefix + "." + field;
  }

  /** Refuses members the operation does not know. */
  static void only(JsonNode body, String prefix, Set<String> fields) {
    for (Iterator<String> names = body.fieldNames(); names.hasNext();) {
      String name = names.next();
      if (!fields.contains(name)) {
        throw GorgiasError.invalid(path(prefix, name), "Unknown field.");
      }
    }
  }

  /** A string member, null when absent or null. */
  static String text(JsonNode body, String prefix, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isTextual()) {
      throw GorgiasError.invalid(path(prefix, field), "Not a valid string.");
    }
    return v.asText();
  }

  static String text(JsonNode body, String prefix, String field, int maxLength) {
    String v = text(body, prefix, field);
    if (v != null && v.length() > maxLength) {
      throw GorgiasError.invalid(path(prefix, field), "Longer than maximum length " + maxLength + ".");
    }
    return v;
  }

  static String requiredText(JsonNode body, String prefix, String field) {
    String v = text(body, prefix, field);
    if (v == null || v.isBlank()) {
      throw GorgiasError.invalid(path(prefix, field), "Missing data for required field.");
    }
    return v;
  }

  /** One of {@code allowed}, or null when absent. */
  static String choice(JsonNode body, String prefix, String field, Set<String> allowed) {
    String v = text(body, prefix, field);
    if (v != null && !allowed.contains(v)) {
      throw GorgiasError.invalid(path(prefix, field), "Must be one of: " + String.join(", ",
          allowed.stream().sorted().toList()) + ".");
    }
    return v;
  }

  static Boolean flag(JsonNode body, String prefix, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isBoolean()) {
      throw GorgiasError.invalid(path(prefix, field), "Not a valid boolean.");
    }
    return v.asBoolean();
  }

  static boolean requiredFlag(JsonNode body, String prefix, String field) {
    Boolean v = flag(body, prefix, field);
    if (v == null) {
      throw GorgiasError.invalid(path(prefix, field), "Missing data for required field.");
    }
    return v;
  }

  /** An integer id member, null when absent or null. */
  static Long id(JsonNode body, String prefix, String field) {
    JsonNode v = body.path(field);
    if (v.isMissingNode() || v.isNull()) {
      return null;
    }
    if (!v.isIntegralNumber() || v.asLong() < 1) {
      throw GorgiasError.invalid(path(prefix, field), "Not a valid integer.");
    }
    return v.asLong();
  }

  /** An ISO 8601 datetime (with or without an offset: without one it is UTC), null when absent or null. */
  static Instant datetime(JsonNode body, String prefix, String field) {
    String v = text(body, prefix, field);
    if (v == null) {
      return null;
    }
    try {
      return OffsetDateTime.parse(v).toInstant();
    } catch (DateTimeParseException e) {
      try {
        return LocalDateTime.parse(v).toInstant(ZoneOffset.UTC);
      } catch (DateTimeParseException again) {
        throw GorgiasError.invalid(path(prefix, field), "Not a valid datetime.");
      }
    }
  }

  /** A path id ({@code /tickets/{id}}): a 404 when it is not a number, as no such resource exists. */
  static long pathId(Context ctx, String name, String what) {
    String raw = ctx.pathParam(name);
    try {
      return Long.parseLong(raw);
    } catch (NumberFormatException e) {
      throw GorgiasError.notFound(what, raw);
    }
  }
}
