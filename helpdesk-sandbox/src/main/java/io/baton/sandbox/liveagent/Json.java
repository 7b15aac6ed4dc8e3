package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.sandbox.kit.KitJson;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One shared mapper; JSON is built from plain maps so field order and shapes stay exactly as documented. */
final class Json {
  static final ObjectMapper MAPPER = new ObjectMapper();

  private Json() {
  }

  static String write(Object value) {
    return KitJson.write(value);
  }

  /** Parses a request body; null when it is not JSON at all. */
  static JsonNode parseOrNull(String body) {
    return KitJson.readOrNull(body);
  }

  /** A deep, unmodifiable copy of a JSON object, keeping nulls and field order (Map.copyOf would not). */
  @SuppressWarnings("unchecked")
  static Map<String, Object> frozenObject(JsonNode node) {
    return (Map<String, Object>) freeze(MAPPER.convertValue(node, Object.class));
  }

  @SuppressWarnings("unchecked")
  private static Object freeze(Object value) {
    if (value instanceof Map<?, ?> map) {
      Map<String, Object> copy = new LinkedHashMap<>();
      ((Map<String, Object>) map).forEach((k, v) -> copy.put(k, freeze(v)));
      return Collections.unmodifiableMap(copy);
    }
    if (value instanceof List<?> list) {
      List<Object> copy = new ArrayList<>(list.size());
      list.forEach(v -> copy.add(freeze(v)));
      return Collections.unmodifiableList(copy);
    }
    return value;
  }

  /** Insertion-ordered map literal for response bodies: Json.object("a", 1, "b", 2). */
  static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
