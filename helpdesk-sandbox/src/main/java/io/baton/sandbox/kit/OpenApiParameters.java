package io.baton.sandbox.kit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** An operation's query parameters as OpenAPI 3.0 declares them, plain or {@code deepObject} ({@code filter[x]}). */
final class OpenApiParameters {
  private OpenApiParameters() {
  }

  /** Query keys are plain parameter names or {@code name[property]} of a deepObject parameter. */
  static void checkQuery(JsonNode document, OpenApiSchemas schemas, String template, List<JsonNode> levels,
      Map<String, List<String>> query, List<String> errors) {
    Map<String, JsonNode> parameters = new HashMap<>();
    for (JsonNode level : levels) {
      for (JsonNode p : level.path("parameters")) {
        JsonNode parameter = p.has("$ref") ? document.at(p.get("$ref").asText().substring(1)) : p;
        if (parameter.path("in").asText().equals("query")) {
          parameters.put(parameter.path("name").asText(), parameter);
        }
      }
    }
    for (Map.Entry<String, List<String>> entry : query.entrySet()) {
      String key = entry.getKey();
      int bracket = key.indexOf('[');
      String name = bracket > 0 && key.endsWith("]") ? key.substring(0, bracket) : key;
      JsonNode parameter = parameters.get(name);
      if (parameter == null) {
        errors.add(template + ": unknown query parameter " + key);
        continue;
      }
      JsonNode schema = parameter.path("schema");
      if (schema.has("$ref")) {
        schema = schemas.named(schema.get("$ref").asText().replace("#/components/schemas/", ""));
      }
      if (bracket > 0) {
        String property = key.substring(bracket + 1, key.length() - 1);
        JsonNode propertySchema = schema.path("properties").path(property);
        if (propertySchema.isMissingNode()) {
          errors.add(template + ": unknown query parameter " + key);
          continue;
        }
        schema = propertySchema;
      }
      for (String value : entry.getValue()) {
        JsonNode typed = typed(schema, value);
        if (typed == null) {
          errors.add(template + ": query " + key + "=" + value + " is not a " + schema.path("type").asText());
        } else {
          schemas.check(schema, typed, OpenApiSchemas.Direction.REQUEST)
              .forEach(e -> errors.add(template + ": query " + key + " " + e));
        }
      }
    }
    parameters.forEach((name, parameter) -> {
      boolean present = query.keySet().stream().anyMatch(k -> k.equals(name) || k.startsWith(name + "["));
      if (parameter.path("required").asBoolean(false) && !present) {
        errors.add(template + ": query parameter " + name + " is required");
      }
    });
  }

  private static JsonNode typed(JsonNode schema, String value) {
    String type = schema.path("type").asText("string");
    try {
      return switch (type) {
        case "integer" -> JsonNodeFactory.instance.numberNode(Long.parseLong(value));
        case "number" -> JsonNodeFactory.instance.numberNode(Double.parseDouble(value));
        case "boolean" -> value.equals("true") || value.equals("false")
            ? JsonNodeFactory.instance.booleanNode(Boolean.parseBoolean(value)) : null;
        default -> JsonNodeFactory.instance.textNode(value);
      };
    } catch (NumberFormatException e) {
      return null;
    }
  }
}
