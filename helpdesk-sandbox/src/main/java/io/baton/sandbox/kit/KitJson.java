package io.baton.sandbox.kit;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.http.Context;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/** JSON for the sandbox's own endpoints (desk, faults): answers, problem+json errors, bodies. */
public final class KitJson {
  public static final String PROBLEM_JSON = "application/problem+json";
  static final ObjectMapper MAPPER = new ObjectMapper();

  private KitJson() {
  }

  public static String write(Object value) {
    try {
      return MAPPER.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static void write(Context ctx, int status, Object value) {
    ctx.status(status).contentType("application/json").result(write(value));
  }

  /** A request body; null when it is not JSON at all. */
  public static JsonNode readOrNull(String body) {
    if (body == null || body.isBlank()) {
      return null;
    }
    try {
      return MAPPER.readTree(body);
    } catch (JsonProcessingException e) {
      return null;
    }
  }

  /** An RFC 9457 problem: {@code urn:baton:sandbox:problem:<type>}. */
  public static void problem(Context ctx, int status, String type, String title, String detail) {
    ctx.status(status).contentType(PROBLEM_JSON).result(write(object("type", "urn:baton:sandbox:problem:" + type,
        "title", title, "status", status, "detail", detail)));
  }

  /** Insertion-ordered map literal that keeps nulls: object("a", 1, "b", null). */
  public static Map<String, Object> object(Object... keysAndValues) {
    Map<String, Object> map = new LinkedHashMap<>();
    for (int i = 0; i < keysAndValues.length; i += 2) {
      map.put((String) keysAndValues[i], keysAndValues[i + 1]);
    }
    return map;
  }
}
