package io.baton.ingress.handover;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.baton.events.VisitorContext;
import io.baton.ingress.http.FieldErrors;
import io.baton.ingress.http.Json;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Fills the {@code {{placeholders}}} bot platforms put in handover payloads from what is known of the visitor:
 * {@code {{visitorName}}}/{@code {{name}}}, {@code {{email}}}, {@code {{phone}}}, {@code {{userAgent}}},
 * {@code {{screenRes}}}, and any other {@code {{key}}} from {@code attributes[key]}, then {@code pageProperties[key]}.
 * A placeholder without a value is an error naming it and the field: sending a literal "{{email}}" to a helpdesk
 * would create a ticket for nobody.
 */
public final class Placeholders {
  static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_.-]+)\\s*}}");

  private Placeholders() {}

  /**
   * Replaces placeholders in every string value of {@code payload}, in place. Members named in {@code jsonTextMembers}
   * hold JSON as text (Oracle's sessionInformation): their placeholders are filled inside the parsed JSON, so a
   * value with a quote in it stays valid JSON.
   */
  public static void fill(ObjectNode payload, VisitorContext context, Set<String> jsonTextMembers, FieldErrors errors) {
    for (String name : names(payload)) {
      JsonNode value = payload.get(name);
      if (value.isTextual() && jsonTextMembers.contains(name) && value.textValue().contains("{{")) {
        payload.set(name, fillJsonText(value.textValue(), name, context, errors));
      } else {
        payload.set(name, fillNode(value, name, context, errors));
      }
    }
  }

  private static JsonNode fillJsonText(String text, String path, VisitorContext context, FieldErrors errors) {
    JsonNode parsed;
    try {
      parsed = Json.MAPPER.readTree(text);
    } catch (JsonProcessingException e) {
      return fillNode(TextNode.valueOf(text), path, context, errors); // not JSON: validation will say so
    }
    if (parsed == null || !parsed.isContainerNode()) {
      return fillNode(TextNode.valueOf(text), path, context, errors);
    }
    return TextNode.valueOf(Json.write(fillNode(parsed, path, context, errors)));
  }

  private static JsonNode fillNode(JsonNode node, String path, VisitorContext context, FieldErrors errors) {
    if (node.isTextual()) {
      return TextNode.valueOf(fillText(node.textValue(), path, context, errors));
    }
    if (node.isObject()) {
      ObjectNode object = (ObjectNode) node;
      for (String name : names(object)) {
        object.set(name, fillNode(object.get(name), path + "." + name, context, errors));
      }
    } else if (node.isArray()) {
      ArrayNode array = (ArrayNode) node;
      for (int i = 0; i < array.size(); i++) {
        array.set(i, fillNode(array.get(i), path + "[" + i + "]", context, errors));
      }
    }
    return node;
  }

  static String fillText(String text, String path, VisitorContext context, FieldErrors errors) {
    if (!text.contains("{{")) {
      return text;
    }
    Matcher m = PLACEHOLDER.matcher(text);
    StringBuilder out = new StringBuilder();
    Set<String> missing = new LinkedHashSet<>();
    while (m.find()) {
      String key = m.group(1);
      String value = valueOf(key, context);
      if (value == null) {
        missing.add(key);
        m.appendReplacement(out, Matcher.quoteReplacement(m.group()));
      } else {
        m.appendReplacement(out, Matcher.quoteReplacement(value)); // values are not scanned again
      }
    }
    m.appendTail(out);
    for (String key : missing) {
      errors.add(path, "placeholder {{" + key + "}} in field '" + path + "' has no value: send it in " + source(key));
    }
    return out.toString();
  }

  /** The value for {@code key}, or null when the context has none (blank counts as none). */
  static String valueOf(String key, VisitorContext c) {
    String v = switch (key) {
      case "visitorName", "name" -> c.getName();
      case "email" -> c.getEmail();
      case "phone" -> c.getPhone();
      case "userAgent" -> c.getPageProperties().get("userAgent");
      case "screenRes" -> c.getPageProperties().get("screenRes");
      default -> {
        String a = c.getAttributes().get(key);
        yield a != null && !a.isBlank() ? a : c.getPageProperties().get(key);
      }
    };
    return v == null || v.isBlank() ? null : v;
  }

  /** Where a client puts the value, for the error message. */
  static String source(String key) {
    return switch (key) {
      case "visitorName", "name" -> "context.name";
      case "email" -> "context.email";
      case "phone" -> "context.phone";
      case "userAgent", "screenRes" -> "context.pageProperties." + key;
      default -> "context.attributes." + key + " or context.pageProperties." + key;
    };
  }

  private static List<String> names(ObjectNode node) {
    List<String> names = new ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
