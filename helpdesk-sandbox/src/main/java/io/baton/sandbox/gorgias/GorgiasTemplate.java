package io.baton.sandbox.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.KitJson;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Jinja-style variables of an HTTP integration's url and form: {@code {{ticket.id}}},
 * {@code {{ticket.customer.email}}}, {@code {{ticket.messages[-1].body_text}}} (negative indexes count from the end),
 * {@code {{ticket.messages[-1].sender.name}}}, {@code {{event.type}}}. A template renders text [guess, as Jinja
 * does]: a missing value or null is empty, a boolean {@code true}/{@code false}, a number its digits, an object or a
 * list its JSON [guess: Jinja would print Python's form]; the {@code tojson} filter gives JSON of any value. Other
 * filters and statements ({@code {% %}}) are not supported: they render as written.
 */
final class GorgiasTemplate {
  private static final Pattern VARIABLE =
      Pattern.compile("\\{\\{\\s*([A-Za-z_][A-Za-z0-9_]*(?:\\.[A-Za-z_][A-Za-z0-9_]*"
          + "|\\[-?\\d+\\])*)\\s*(\\|\\s*tojson\\s*)?}}");
  private static final Pattern STEP = Pattern.compile("\\.([A-Za-z_][A-Za-z0-9_]*)|\\[(-?\\d+)\\]");

  private GorgiasTemplate() {
  }

  /** Renders every variable of {@code template} against {@code context} ({@code ticket}, {@code event}). */
  static String render(String template, Map<String, Object> context) {
    if (template == null) {
      return null;
    }
    Matcher m = VARIABLE.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      Object value = lookup(m.group(1), context);
      m.appendReplacement(out, Matcher.quoteReplacement(m.group(2) != null ? KitJson.write(value) : text(value)));
    }
    m.appendTail(out);
    return out.toString();
  }

  /** A form: every string in it rendered, keys and other values kept (a string form is one template). */
  static JsonNode renderForm(JsonNode form, Map<String, Object> context) {
    if (form == null || form.isNull() || form.isMissingNode()) {
      return JsonNodeFactory.instance.objectNode();
    }
    if (form.isTextual()) {
      return JsonNodeFactory.instance.textNode(render(form.asText(), context));
    }
    if (form.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = form.fields(); it.hasNext();) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), e.getValue().isContainerNode() || e.getValue().isTextual()
            ? renderForm(e.getValue(), context) : e.getValue());
      }
      return out;
    }
    if (form.isArray()) {
      ArrayNode out = JsonNodeFactory.instance.arrayNode();
      form.forEach(v -> out.add(v.isContainerNode() || v.isTextual() ? renderForm(v, context) : v));
      return out;
    }
    return form;
  }

  private static Object lookup(String expression, Map<String, Object> context) {
    int first = expression.length();
    for (char c : new char[] {'.', '['}) {
      int at = expression.indexOf(c);
      if (at >= 0) {
        first = Math.min(first, at);
      }
    }
    Object value = context.get(expression.substring(0, first));
    Matcher step = STEP.matcher(expression.substring(first));
    while (value != null && step.find()) {
      if (step.group(1) != null) {
        value = value instanceof Map<?, ?> map ? map.get(step.group(1)) : null;
      } else {
        value = value instanceof List<?> list ? element(list, Integer.parseInt(step.group(2))) : null;
      }
    }
    return value;
  }

  private static Object element(List<?> list, int index) {
    int at = index < 0 ? list.size() + index : index;
    return at >= 0 && at < list.size() ? list.get(at) : null;
  }

  private static String text(Object value) {
    if (value == null) {
      return "";
    }
    if (value instanceof String s) {
      return s;
    }
    if (value instanceof Map<?, ?> || value instanceof List<?>) {
      return KitJson.write(value);
    }
    return String.valueOf(value);
  }
}
