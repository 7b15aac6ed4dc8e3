package io.baton.sandbox.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A message as a request gives it, checked on its own: {@code message_parts} (1..{@value #MAX_PARTS}, each exactly
 * one of {@code text:{content}}, {@code image:{url}}, {@code file:{url, name, file_size_in_bytes?, content_type?}}),
 * {@code message_type} ({@code normal}, the default, or {@code private}; users write no private notes [guess]),
 * {@code actor_type} ({@code user} or {@code agent}) and {@code actor_id}. Whether the actor may write in the
 * conversation is the conversation's check.
 */
record MessageInput(String actorType, String actorId, String messageType, List<Map<String, Object>> parts) {
  static final int MAX_PARTS = 10;
  static final int MAX_TEXT = 10_000;

  /** @param field names the message in errors ({@code messages[0]}, or empty for a body that is one) */
  static MessageInput parse(JsonNode m, String field) {
    String at = field.isEmpty() ? "" : field + ".";
    if (!m.isObject()) {
      throw FreshchatError.invalid(field + " must be a message object");
    }
    String actorType = Json.requiredText(m, "actor_type", at);
    if (!actorType.equals(FreshchatMessage.USER) && !actorType.equals(FreshchatMessage.AGENT)) {
      throw FreshchatError.invalid(at + "actor_type must be user or agent");
    }
    String actorId = Json.requiredText(m, "actor_id", at);
    String type = Json.optionalText(m, "message_type", at);
    type = type == null ? FreshchatMessage.NORMAL : type;
    if (!type.equals(FreshchatMessage.NORMAL) && !type.equals(FreshchatMessage.PRIVATE)) {
      throw FreshchatError.invalid(at + "message_type must be normal or private");
    }
    if (type.equals(FreshchatMessage.PRIVATE) && actorType.equals(FreshchatMessage.USER)) {
      throw FreshchatError.invalid(at + "message_type private is for agents only");
    }
    JsonNode parts = m.path("message_parts");
    if (!parts.isArray() || parts.isEmpty() || parts.size() > MAX_PARTS) {
      throw FreshchatError.invalid(at + "message_parts must be a list of 1 to " + MAX_PARTS + " parts");
    }
    List<Map<String, Object>> checked = new ArrayList<>();
    for (int i = 0; i < parts.size(); i++) {
      checked.add(part(parts.get(i), at + "message_parts[" + i + "]"));
    }
    return new MessageInput(actorType, actorId, type, checked);
  }

  private static Map<String, Object> part(JsonNode p, String field) {
    if (!p.isObject() || p.size() != 1) {
      throw FreshchatError.invalid(field + " must have exactly one of text, image, file");
    }
    String kind = p.fieldNames().next();
    JsonNode v = p.get(kind);
    String at = field + "." + kind + ".";
    if (!v.isObject()) {
      throw FreshchatError.invalid(field + "." + kind + " must be an object");
    }
    switch (kind) {
      case "text" -> {
        String content = Json.requiredText(v, "content", at);
        if (content.isBlank() || content.length() > MAX_TEXT) {
          throw FreshchatError.invalid(at + "content must have 1 to " + MAX_TEXT + " characters");
        }
        return Map.of("text", Map.of("content", content));
      }
      case "image" -> {
        return Map.of("image", Map.of("url", url(v, at)));
      }
      case "file" -> {
        Map<String, Object> file = Json.object("url", url(v, at), "name", Json.requiredText(v, "name", at));
        JsonNode size = v.path("file_size_in_bytes");
        if (!size.isMissingNode() && !size.isNull()) {
          if (!size.canConvertToLong() || !size.isIntegralNumber() || size.asLong() < 0) {
            throw FreshchatError.invalid(at + "file_size_in_bytes must be a whole number");
          }
          file.put("file_size_in_bytes", size.asLong());
        }
        String contentType = Json.optionalText(v, "content_type", at);
        if (contentType != null) {
          file.put("content_type", contentType);
        }
        return Map.of("file", file);
      }
      default -> throw FreshchatError.invalid(field + " must have exactly one of text, image, file, not " + kind);
    }
  }

  private static String url(JsonNode v, String at) {
    String url = Json.requiredText(v, "url", at);
    if (!url.matches("https?://\\S+")) {
      throw FreshchatError.invalid(at + "url must be an http(s) URL");
    }
    return url;
  }
}
