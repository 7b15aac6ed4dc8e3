package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;

/** JSON as SunCo reads it: bodies checked field by field, each refusal a 400 naming the field. */
final class SuncoJson {
  static final ObjectMapper MAPPER = new ObjectMapper();
  /** Metadata is a flat object of strings, numbers and booleans, at most 4 KB. */
  static final int METADATA_LIMIT = 4096;

  private SuncoJson() {
  }

  static ObjectNode object() {
    return MAPPER.createObjectNode();
  }

  static ArrayNode array() {
    return MAPPER.createArrayNode();
  }

  /** A body that must be a JSON object (an empty body is not). */
  static ObjectNode body(String raw) {
    JsonNode node;
    try {
      node = raw == null || raw.isBlank() ? null : MAPPER.readTree(raw);
    } catch (java.io.IOException e) {
      throw SuncoError.badRequest("Invalid JSON body");
    }
    if (node == null || !node.isObject()) {
      throw SuncoError.badRequest("Request body must be a JSON object");
    }
    return (ObjectNode) node;
  }

  /** Fails on a field the schema does not have: SunCo rejects unknown properties of its bodies. */
  static void only(JsonNode node, String where, Set<String> allowed) {
    Iterator<String> names = node.fieldNames();
    while (names.hasNext()) {
      String name = names.next();
      if (!allowed.contains(name)) {
        throw SuncoError.badRequest(where + name + " is not allowed");
      }
    }
  }

  /** An optional string of {@code min..max} characters; null when absent. */
  static String text(JsonNode node, String field, String where, int min, int max) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isTextual()) {
      throw SuncoError.badRequest(where + field + " must be a string");
    }
    int length = value.asText().length();
    if (length < min || length > max) {
      throw SuncoError.badRequest(where + field + " must be " + min + " to " + max + " characters long");
    }
    return value.asText();
  }

  /** An optional string that may also be null; null when absent or null. */
  static String nullableText(JsonNode node, String field, String where, int min, int max) {
    return node.path(field).isNull() ? null : text(node, field, where, min, max);
  }

  static Boolean bool(JsonNode node, String field, String where) {
    JsonNode value = node.get(field);
    if (value == null) {
      return null;
    }
    if (!value.isBoolean()) {
      throw SuncoError.badRequest(where + field + " must be a boolean");
    }
    return value.asBoolean();
  }

  /** Checks {@code metadata}: a flat object of strings, numbers and booleans, at most 4 KB; null when absent. */
  static ObjectNode metadata(JsonNode node, String where) {
    JsonNode value = node.get("metadata");
    if (value == null || value.isNull()) {
      return null;
    }
    if (!value.isObject()) {
      throw SuncoError.badRequest(where + "metadata must be an object");
    }
    for (Map.Entry<String, JsonNode> e : value.properties()) {
      JsonNode v = e.getValue();
      if (!v.isTextual() && !v.isNumber() && !v.isBoolean()) {
        throw SuncoError.badRequest(where + "metadata." + e.getKey() + " must be a string, number or boolean");
      }
    }
    if (value.toString().getBytes(StandardCharsets.UTF_8).length > METADATA_LIMIT) {
      throw SuncoError.badRequest(where + "metadata exceeds the 4KB limit");
    }
    return (ObjectNode) value.deepCopy();
  }

  static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
