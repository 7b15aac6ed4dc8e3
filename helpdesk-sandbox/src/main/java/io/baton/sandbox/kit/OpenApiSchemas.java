package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Checks JSON against OpenAPI 3.0 schemas (the Schema Object: {@code $ref}, {@code type}, {@code nullable},
 * {@code enum}, lengths, bounds, {@code required}, {@code properties}, {@code additionalProperties}, {@code items},
 * {@code allOf}/{@code anyOf}/{@code oneOf}, {@code format} uri and email, {@code readOnly}/{@code writeOnly}).
 * Written for OpenAPI 3.0 rather than borrowed from a JSON Schema validator because 3.0 is not JSON Schema:
 * {@code nullable} (also where no {@code type} is given) and {@code discriminator} are its own. A {@code oneOf} with
 * a discriminator is dispatched on the discriminator's value (its mapping, else the schema of that name); one without
 * is checked as "at least one" (specs use it for alternatives that overlap, such as objects with only optional
 * properties, which "exactly one" would always refuse).
 */
final class OpenApiSchemas {
  /** What is being checked: a request (no readOnly properties) or an answer or webhook (no writeOnly ones). */
  enum Direction {
    REQUEST, RESPONSE
  }

  private final JsonNode components;

  OpenApiSchemas(JsonNode document) {
    this.components = document.path("components").path("schemas");
  }

  boolean has(String name) {
    return components.has(name);
  }

  JsonNode named(String name) {
    return components.path(name);
  }

  /** Every violation of {@code schema} by {@code value}, each prefixed with its JSON path. */
  List<String> check(JsonNode schema, JsonNode value, Direction direction) {
    List<String> errors = new ArrayList<>();
    check(schema, value, "$", direction, errors, null);
    return errors;
  }

  private JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      String ref = schema.get("$ref").asText();
      if (!ref.startsWith("#/components/schemas/")) {
        throw new IllegalArgumentException("Unsupported $ref " + ref);
      }
      schema = components.path(ref.substring("#/components/schemas/".length()));
    }
    return schema;
  }

  /** @param dispatched the schema whose discriminator led here, not to be dispatched again (allOf back to it) */
  private void check(JsonNode raw, JsonNode value, String at, Direction direction, List<String> errors,
      JsonNode dispatched) {
    JsonNode schema = resolve(raw);
    if (value.isNull()) {
      if (!schema.path("nullable").asBoolean(false) && !raw.path("nullable").asBoolean(false)) {
        errors.add(at + ": null is not allowed");
      }
      return;
    }
    if (schema.has("discriminator") && schema != dispatched && value.isObject()) {
      JsonNode target = discriminated(schema, value);
      if (target == null) {
        errors.add(at + ": no schema for " + schema.path("discriminator").path("propertyName").asText() + "="
            + value.path(schema.path("discriminator").path("propertyName").asText()));
        return;
      }
      // the target is one alternative, or an allOf over this schema that checks its own properties too
      check(target, value, at, direction, errors, schema);
      return;
    }
    for (JsonNode part : schema.path("allOf")) {
      check(part, value, at, direction, errors, dispatched);
    }
    for (String alternatives : new String[] {"anyOf", "oneOf"}) {
      if (schema.has(alternatives)) {
        List<String> best = null;
        for (JsonNode option : schema.get(alternatives)) {
          List<String> optionErrors = new ArrayList<>();
          check(option, value, at, direction, optionErrors, dispatched);
          if (best == null || optionErrors.size() < best.size()) {
            best = optionErrors;
          }
        }
        if (best != null && !best.isEmpty()) {
          errors.add(at + ": matches none of " + alternatives + " (closest: " + best + ")");
        }
      }
    }
    checkType(schema, value, at, errors);
    checkBounds(schema, value, at, errors);
    if (value.isObject()) {
      checkObject(schema, value, at, direction, errors);
    }
    if (value.isArray() && schema.has("items")) {
      for (int i = 0; i < value.size(); i++) {
        check(schema.get("items"), value.get(i), at + "[" + i + "]", direction, errors, null);
      }
    }
  }

  private JsonNode discriminated(JsonNode schema, JsonNode value) {
    String property = schema.path("discriminator").path("propertyName").asText();
    String key = value.path(property).asText(null);
    if (key == null) {
      return null;
    }
    JsonNode mapped = schema.path("discriminator").path("mapping").path(key);
    if (mapped.isTextual()) {
      return components.path(mapped.asText().substring("#/components/schemas/".length()));
    }
    for (JsonNode option : schema.path("oneOf")) {
      if (option.path("$ref").asText().endsWith("/" + key)) {
        return resolve(option);
      }
    }
    return null;
  }

  private static void checkType(JsonNode schema, JsonNode value, String at, List<String> errors) {
    String type = schema.path("type").asText(null);
    if (type == null) {
      return;
    }
    boolean ok = switch (type) {
      case "string" -> value.isTextual();
      case "integer" -> value.isIntegralNumber();
      case "number" -> value.isNumber();
      case "boolean" -> value.isBoolean();
      case "array" -> value.isArray();
      case "object" -> value.isObject();
      default -> true;
    };
    if (!ok) {
      errors.add(at + ": expected " + type + ", got " + value.getNodeType().name().toLowerCase());
    }
  }

  private static void checkBounds(JsonNode schema, JsonNode value, String at, List<String> errors) {
    if (schema.has("enum")) {
      boolean listed = false;
      for (JsonNode allowed : schema.get("enum")) {
        listed |= allowed.equals(value);
      }
      if (!listed) {
        errors.add(at + ": " + value + " is not one of " + schema.get("enum"));
      }
    }
    if (value.isTextual()) {
      int length = value.asText().codePointCount(0, value.asText().length());
      if (schema.has("minLength") && length < schema.get("minLength").asInt()) {
        errors.add(at + ": shorter than " + schema.get("minLength").asInt());
      }
      if (schema.has("maxLength") && length > schema.get("maxLength").asInt()) {
        errors.add(at + ": longer than " + schema.get("maxLength").asInt());
      }
      String format = schema.path("format").asText("");
      if (format.equals("uri") && !isAbsoluteUri(value.asText())) {
        errors.add(at + ": not an absolute URI");
      }
      if (format.equals("email") && !value.asText().matches("[^@\\s]+@[^@\\s]+")) {
        errors.add(at + ": not an email address");
      }
    }
    if (value.isNumber()) {
      if (schema.has("minimum") && value.asDouble() < schema.get("minimum").asDouble()) {
        errors.add(at + ": below " + schema.get("minimum"));
      }
      if (schema.has("maximum") && value.asDouble() > schema.get("maximum").asDouble()) {
        errors.add(at + ": above " + schema.get("maximum"));
      }
    }
    if (value.isArray()) {
      if (schema.has("minItems") && value.size() < schema.get("minItems").asInt()) {
        errors.add(at + ": fewer than " + schema.get("minItems") + " items");
      }
      if (schema.has("maxItems") && value.size() > schema.get("maxItems").asInt()) {
        errors.add(at + ": more than " + schema.get("maxItems") + " items");
      }
    }
  }

  private void checkObject(JsonNode schema, JsonNode value, String at, Direction direction, List<String> errors) {
    JsonNode properties = schema.path("properties");
    for (JsonNode required : schema.path("required")) {
      JsonNode property = resolve(properties.path(required.asText()));
      boolean skipped = direction == Direction.REQUEST ? property.path("readOnly").asBoolean(false)
          : property.path("writeOnly").asBoolean(false);
      if (!value.has(required.asText()) && !skipped) {
        errors.add(at + ": " + required.asText() + " is required");
      }
    }
    Iterator<Map.Entry<String, JsonNode>> fields = value.fields();
    while (fields.hasNext()) {
      Map.Entry<String, JsonNode> field = fields.next();
      String path = at + "." + field.getKey();
      JsonNode property = properties.get(field.getKey());
      if (property == null) {
        JsonNode additional = schema.get("additionalProperties");
        if (additional != null && additional.isBoolean() && !additional.asBoolean()) {
          errors.add(path + ": not allowed");
        } else if (additional != null && additional.isObject()) {
          check(additional, field.getValue(), path, direction, errors, null);
        }
        continue;
      }
      JsonNode resolved = resolve(property);
      if (direction == Direction.REQUEST && (resolved.path("readOnly").asBoolean(false)
          || property.path("readOnly").asBoolean(false))) {
        errors.add(path + ": read-only, not to be sent");
      }
      if (direction == Direction.RESPONSE && (resolved.path("writeOnly").asBoolean(false)
          || property.path("writeOnly").asBoolean(false))) {
        errors.add(path + ": write-only, never answered");
      }
      check(property, field.getValue(), path, direction, errors, null);
    }
  }

  private static boolean isAbsoluteUri(String text) {
    try {
      return URI.create(text).isAbsolute();
    } catch (IllegalArgumentException e) {
      return false;
    }
  }
}
