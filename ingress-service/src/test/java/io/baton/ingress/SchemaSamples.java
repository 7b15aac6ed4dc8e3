package io.baton.ingress;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Values built from the OpenAPI document's schemas, deterministically: the smallest valid value of a schema, and the
 * boundary values of each of its constraints (lengths, patterns, enums, ranges, item and member counts, types, null),
 * valid or not. Whether a value is valid is the validator's call ({@link ApiContract}), not this class's.
 */
final class SchemaSamples {
  static final JsonNodeFactory NODES = JsonNodeFactory.instance;

  /** Strings for a pattern: a valid one, invalid ones, and a valid one of a given length (null if none). */
  record PatternSample(IntFunction<String> ofLength, List<String> invalid) {}

  private final JsonNode schemas;
  private final Map<String, PatternSample> patterns;

  SchemaSamples(JsonNode document, Map<String, PatternSample> patterns) {
    this.schemas = document.path("components").path("schemas");
    this.patterns = patterns;
  }

  JsonNode resolve(JsonNode schema) {
    while (schema.has("$ref")) {
      schema = schemas.get(schema.get("$ref").asText().replace("#/components/schemas/", ""));
    }
    return schema;
  }

  /** The schema with the members of one of its oneOf/anyOf branches: each oneOf branch, the first anyOf branch. */
  List<JsonNode> branches(JsonNode given) {
    JsonNode schema = resolve(given);
    boolean oneOf = schema.has("oneOf");
    List<JsonNode> out = new ArrayList<>();
    JsonNode alternatives = oneOf ? schema.get("oneOf") : schema.path("anyOf");
    if (!alternatives.isArray() || alternatives.isEmpty()) {
      return List.of(schema);
    }
    for (JsonNode alternative : alternatives) {
      ObjectNode merged = ((ObjectNode) schema).deepCopy();
      merged.remove(List.of("oneOf", "anyOf"));
      JsonNode branch = resolve(alternative);
      ObjectNode properties = merged.with("properties");
      branch.path("properties").fields().forEachRemaining(p -> {
        if (!properties.has(p.getKey()) || oneOf) { // a oneOf branch narrows a member, an anyOf one only requires
          properties.set(p.getKey(), p.getValue());
        }
      });
      ArrayNode required = merged.withArray("required");
      branch.path("required").forEach(r -> {
        if (!contains(required, r.asText())) {
          required.add(r.asText());
        }
      });
      out.add(merged);
      if (!oneOf) {
        break;
      }
    }
    return out;
  }

  /** The smallest value the schema accepts. */
  JsonNode minimal(JsonNode schema) {
    schema = branches(schema).get(0);
    if (schema.has("enum")) {
      return schema.get("enum").get(0);
    }
    switch (schema.path("type").asText("object")) {
      case "string":
        return NODES.textNode(string(schema, Math.max(1, schema.path("minLength").asInt(1))));
      case "integer":
        return NODES.numberNode(schema.path("minimum").asLong(1));
      case "boolean":
        return NODES.booleanNode(true);
      case "array": {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < schema.path("minItems").asInt(0); i++) {
          a.add(minimal(schema.get("items")));
        }
        return a;
      }
      default: {
        ObjectNode o = NODES.objectNode();
        for (JsonNode r : schema.path("required")) {
          o.set(r.asText(), minimal(schema.path("properties").get(r.asText())));
        }
        return o;
      }
    }
  }

  /** Boundary values of each constraint of {@code schema}; {@code depth} bounds the recursion into members. */
  List<JsonNode> variants(JsonNode schema, int depth) {
    JsonNode s = resolve(schema);
    List<JsonNode> out = new ArrayList<>();
    out.add(NODES.nullNode());
    String type = s.path("type").asText("object");
    if (s.has("enum")) {
      s.get("enum").forEach(out::add);
      out.add(NODES.textNode("not-" + s.get("enum").get(0).asText()));
      return out;
    }
    switch (type) {
      case "string" -> strings(s, out);
      case "integer" -> {
        long min = s.path("minimum").asLong(0);
        out.add(NODES.numberNode(min));
        out.add(NODES.numberNode(min - 1));
        if (s.has("maximum")) {
          out.add(NODES.numberNode(s.get("maximum").asLong()));
          out.add(NODES.numberNode(s.get("maximum").asLong() + 1));
        }
        out.add(NODES.numberNode(1.5));
        out.add(NODES.textNode("1"));
      }
      case "boolean" -> {
        out.add(NODES.booleanNode(false));
        out.add(NODES.booleanNode(true));
        out.add(NODES.textNode("true"));
      }
      case "array" -> arrays(s, depth, out);
      default -> objects(s, depth, out);
    }
    return out;
  }

  private void strings(JsonNode s, List<JsonNode> out) {
    out.add(NODES.numberNode(7));
    PatternSample sample = s.has("pattern") ? pattern(s.get("pattern").asText()) : null;
    if (sample != null) {
      sample.invalid().forEach(v -> out.add(NODES.textNode(v)));
    } else {
      out.add(NODES.textNode(""));
      out.add(NODES.textNode("  "));
    }
    out.add(NODES.textNode(string(s, Math.max(1, s.path("minLength").asInt(1)))));
    if (s.has("maxLength")) {
      int max = s.get("maxLength").asInt();
      out.add(NODES.textNode(string(s, max)));
      out.add(NODES.textNode(string(s, max + 1)));
    }
  }

  private void arrays(JsonNode s, int depth, List<JsonNode> out) {
    out.add(NODES.textNode("x"));
    out.add(NODES.arrayNode());
    JsonNode item = minimal(s.get("items"));
    out.add(NODES.arrayNode().add(item));
    if (s.has("maxItems")) {
      for (int n : new int[] {s.get("maxItems").asInt(), s.get("maxItems").asInt() + 1}) {
        ArrayNode a = NODES.arrayNode();
        for (int i = 0; i < n; i++) {
          a.add(item);
        }
        out.add(a);
      }
    }
    if (depth > 0) {
      variants(s.get("items"), depth - 1).forEach(v -> out.add(NODES.arrayNode().add(v)));
    }
  }

  private void objects(JsonNode s, int depth, List<JsonNode> out) {
    out.add(NODES.textNode("x"));
    JsonNode values = s.path("additionalProperties");
    if (values.isObject() && !s.has("properties")) {
      out.add(NODES.objectNode());
      out.add(NODES.objectNode().set("", minimal(values))); // any name: the document cannot limit names
      out.add(NODES.objectNode().set("n".repeat(300), minimal(values)));
      if (s.has("maxProperties")) {
        for (int n : new int[] {s.get("maxProperties").asInt(), s.get("maxProperties").asInt() + 1}) {
          ObjectNode o = NODES.objectNode();
          for (int i = 0; i < n; i++) {
            o.set("k" + i, minimal(values));
          }
          out.add(o);
        }
      }
      if (depth > 0) {
        variants(values, depth - 1).forEach(v -> out.add(NODES.objectNode().set("k", v)));
      }
      return;
    }
    if (!s.has("properties")) { // free-form
      out.add(NODES.objectNode());
      out.add(NODES.objectNode().put("plan", "pro").put("seats", 3));
      return;
    }
    for (JsonNode branch : branches(s)) {
      ObjectNode base = (ObjectNode) minimal(branch);
      out.add(base);
      if (depth > 0) {
        for (Iterator<Map.Entry<String, JsonNode>> it = branch.get("properties").fields(); it.hasNext();) {
          Map.Entry<String, JsonNode> p = it.next();
          variants(p.getValue(), depth - 1).forEach(v -> out.add(base.deepCopy().set(p.getKey(), v)));
          if (base.has(p.getKey())) {
            ObjectNode without = base.deepCopy();
            without.remove(p.getKey());
            out.add(without);
          }
        }
      }
    }
  }

  /** A string the schema accepts, of {@code length} characters where the schema allows it. */
  String string(JsonNode s, int length) {
    if (s.has("enum")) {
      return s.get("enum").get(0).asText();
    }
    if (s.has("pattern")) {
      return pattern(s.get("pattern").asText()).ofLength().apply(length);
    }
    return "x".repeat(length);
  }

  private PatternSample pattern(String pattern) {
    PatternSample sample = patterns.get(pattern);
    if (sample == null) {
      throw new AssertionError("no samples for the pattern " + pattern + ": add them to the fuzz test");
    }
    return sample;
  }

  private static boolean contains(ArrayNode a, String s) {
    for (JsonNode n : a) {
      if (n.asText().equals(s)) {
        return true;
      }
    }
    return false;
  }
}
