package io.baton.ingress.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Typed reads of one JSON object's members. Wrong types and missing required members are recorded in
 * {@link FieldErrors} under their full path ({@code prechatEntities[0].entityFieldsMaps[1].label}) instead of thrown,
 * and a harmless stand-in is returned ({@code ""}, default, empty list), so one pass reports every error and the
 * callers can build records without null checks. Members this reader is not asked about are ignored.
 * JSON {@code null} counts as absent.
 */
public final class JsonFields {
  private final ObjectNode node;
  private final String prefix;
  private final FieldErrors errors;

  public JsonFields(ObjectNode node, String prefix, FieldErrors errors) {
    this.node = node;
    this.prefix = prefix;
    this.errors = errors;
  }

  public FieldErrors errors() {
    return errors;
  }

  public String path(String name) {
    return prefix.isEmpty() ? name : prefix + "." + name;
  }

  private JsonNode member(String name) {
    JsonNode v = node.get(name);
    return v == null || v.isNull() ? null : v;
  }

  public boolean has(String name) {
    return member(name) != null;
  }

  /** Present, a string, and not blank. */
  public String requiredString(String name) {
    JsonNode v = member(name);
    if (v == null) {
      errors.add(path(name), "'" + path(name) + "' is required");
      return "";
    }
    if (!v.isTextual()) {
      errors.add(path(name), "'" + path(name) + "' must be a string, got " + describe(v));
      return "";
    }
    if (v.textValue().isBlank()) {
      errors.add(path(name), "'" + path(name) + "' must not be empty");
      return "";
    }
    return v.textValue();
  }

  /** Present and a string; unlike {@link #requiredString} an empty string is a value. */
  public String presentString(String name) {
    JsonNode v = member(name);
    if (v == null) {
      errors.add(path(name), "'" + path(name) + "' is required");
      return "";
    }
    if (!v.isTextual()) {
      errors.add(path(name), "'" + path(name) + "' must be a string, got " + describe(v));
      return "";
    }
    return v.textValue();
  }

  public String optionalString(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isTextual()) {
      errors.add(path(name), "'" + path(name) + "' must be a string, got " + describe(v));
      return null;
    }
    return v.textValue();
  }

  public boolean bool(String name, boolean absent) {
    Boolean b = optionalBool(name);
    return b == null ? absent : b;
  }

  public Boolean optionalBool(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isBoolean()) {
      errors.add(path(name), "'" + path(name) + "' must be true or false, got " + describe(v));
      return null;
    }
    return v.booleanValue();
  }

  public List<String> strings(String name) {
    JsonNode v = member(name);
    List<String> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      errors.add(path(name), "'" + path(name) + "' must be an array of strings, got " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      if (!item.isTextual()) {
        String p = path(name) + "[" + i + "]";
        errors.add(p, "'" + p + "' must be a string, got " + describe(item));
      } else {
        out.add(item.textValue());
      }
    }
    return out;
  }

  public Map<String, String> stringMap(String name) {
    JsonNode v = member(name);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!v.isObject()) {
      errors.add(path(name), "'" + path(name) + "' must be an object of strings, got " + describe(v));
      return out;
    }
    for (Iterator<Map.Entry<String, JsonNode>> it = v.fields(); it.hasNext();) {
      Map.Entry<String, JsonNode> e = it.next();
      if (e.getValue().isNull()) {
        continue;
      }
      if (!e.getValue().isTextual()) {
        String p = path(name) + "." + e.getKey();
        errors.add(p, "'" + p + "' must be a string, got " + describe(e.getValue()));
      } else {
        out.put(e.getKey(), e.getValue().textValue());
      }
    }
    return out;
  }

  /** An array of objects, each read by {@code reader}; absent is empty. */
  public <T> List<T> objects(String name, Function<JsonFields, T> reader) {
    JsonNode v = member(name);
    List<T> out = new ArrayList<>();
    if (v == null) {
      return out;
    }
    if (!v.isArray()) {
      errors.add(path(name), "'" + path(name) + "' must be an array of objects, got " + describe(v));
      return out;
    }
    for (int i = 0; i < v.size(); i++) {
      JsonNode item = v.get(i);
      String p = path(name) + "[" + i + "]";
      if (!item.isObject()) {
        errors.add(p, "'" + p + "' must be an object, got " + describe(item));
      } else {
        out.add(reader.apply(new JsonFields((ObjectNode) item, p, errors)));
      }
    }
    return out;
  }

  /** A nested object, or null when absent (or of the wrong type, which is recorded). */
  public JsonFields optionalObject(String name) {
    JsonNode v = member(name);
    if (v == null) {
      return null;
    }
    if (!v.isObject()) {
      errors.add(path(name), "'" + path(name) + "' must be an object, got " + describe(v));
      return null;
    }
    return new JsonFields((ObjectNode) v, path(name), errors);
  }

  /** Raw access for members with their own rules (arrays of records, enums). */
  public JsonNode raw(String name) {
    return member(name);
  }

  /** Names a JSON value's type the way a client developer thinks of it. */
  public static String describe(JsonNode v) {
    if (v == null || v.isNull()) {
      return "null";
    }
    if (v.isTextual()) {
      return "a string";
    }
    if (v.isNumber()) {
      return "a number";
    }
    if (v.isBoolean()) {
      return "a boolean";
    }
    if (v.isArray()) {
      return "an array";
    }
    if (v.isObject()) {
      return "an object";
    }
    return v.getNodeType().name().toLowerCase();
  }
}
