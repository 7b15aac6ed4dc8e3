package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;
import java.util.Set;

/**
 * A {@code POST .../messages} body checked as the spec has it ({@code messagePost}): an author (a user by
 * {@code userId} or {@code userExternalId}, or the business), text, image or file content with their lengths,
 * {@code htmlText} and {@code markdownText} never both (markdown is converted and must still fit 4096 characters),
 * actions with their required fields, metadata of at most 4 KB. The sandbox plays text, image and file messages
 * only: other content types (carousel, list, location, form, template) are refused rather than accepted unchecked.
 */
final class MessagePosts {
  static final int TEXT_LIMIT = 4096;
  private static final Set<String> POST_FIELDS =
      Set.of("author", "content", "destination", "metadata", "override", "schema");
  private static final Set<String> AUTHOR_FIELDS =
      Set.of("type", "subtypes", "userId", "userExternalId", "brandId", "displayName", "avatarUrl");
  private static final Set<String> TEXT_FIELDS =
      Set.of("type", "text", "htmlText", "blockChatInput", "markdownText", "actions", "payload");
  private static final Set<String> IMAGE_FIELDS = Set.of("type", "mediaUrl", "altText", "text", "blockChatInput",
      "htmlText", "markdownText", "actions", "attachmentId");
  private static final Set<String> FILE_FIELDS = Set.of("type", "mediaUrl", "altText", "text", "blockChatInput",
      "htmlText", "markdownText", "attachmentId");
  /** Each action type with the fields the spec requires of it (beside {@code type}) and those it allows. */
  private static final Map<String, Set<String>> ACTION_REQUIRED = Map.of(
      "buy", Set.of("text", "amount"),
      "link", Set.of("text", "uri"),
      "locationRequest", Set.of("text"),
      "postback", Set.of("text", "payload"),
      "reply", Set.of("text", "payload"),
      "webview", Set.of("text", "uri", "fallback"));
  private static final Map<String, Set<String>> ACTION_FIELDS = Map.of(
      "buy", Set.of("type", "text", "amount", "currency", "metadata"),
      "link", Set.of("type", "uri", "text", "default", "metadata", "extraChannelOptions"),
      "locationRequest", Set.of("type", "text", "metadata"),
      "postback", Set.of("type", "text", "payload", "metadata"),
      "reply", Set.of("type", "text", "payload", "metadata", "iconUrl"),
      "webview", Set.of("type", "uri", "text", "default", "metadata", "extraChannelOptions", "size", "fallback",
          "openOnReceive"));

  /** The checked parts of a post: the author as given, the content as stored, the metadata (null: none). */
  record Post(ObjectNode author, ObjectNode content, ObjectNode metadata) {}

  private MessagePosts() {
  }

  static Post read(ObjectNode body) {
    SuncoJson.only(body, "", POST_FIELDS);
    JsonNode author = body.get("author");
    if (author == null || !author.isObject()) {
      throw SuncoError.badRequest("author is required (an object)");
    }
    JsonNode content = body.get("content");
    if (content == null || !content.isObject()) {
      throw SuncoError.badRequest("content is required (an object)");
    }
    for (String channelHint : new String[] {"destination", "override"}) {
      if (body.has(channelHint) && !body.get(channelHint).isObject()) {
        throw SuncoError.badRequest(channelHint + " must be an object");
      }
    }
    if (body.has("schema") && !body.get("schema").isTextual()) {
      throw SuncoError.badRequest("schema must be a string");
    }
    return new Post(author((ObjectNode) author), content((ObjectNode) content), SuncoJson.metadata(body, ""));
  }

  private static ObjectNode author(ObjectNode author) {
    SuncoJson.only(author, "author.", AUTHOR_FIELDS);
    String type = author.path("type").asText(null);
    if (!"user".equals(type) && !"business".equals(type)) {
      throw SuncoError.badRequest("author.type must be user or business");
    }
    boolean byId = author.has("userId");
    boolean byExternalId = author.has("userExternalId");
    if (type.equals("user") && byId == byExternalId) {
      throw SuncoError.badRequest("A user author needs exactly one of author.userId and author.userExternalId");
    }
    if (type.equals("business") && (byId || byExternalId)) {
      throw SuncoError.badRequest("A business author has no userId or userExternalId");
    }
    SuncoJson.text(author, "userId", "author.", 1, 1024);
    SuncoJson.text(author, "userExternalId", "author.", 1, 1024);
    SuncoJson.nullableText(author, "brandId", "author.", 1, 24);
    SuncoJson.text(author, "displayName", "author.", 1, 1024);
    url(author, "avatarUrl", "author.", 2048);
    JsonNode subtypes = author.get("subtypes");
    if (subtypes != null) {
      // "agent" and "bot" are available in responses only; "activity" is the system's own
      if (!subtypes.isArray() || subtypes.size() != 1 || !"AI".equals(subtypes.get(0).asText())) {
        throw SuncoError.badRequest("author.subtypes may only be [\"AI\"] in a request");
      }
      if (!type.equals("business")) {
        throw SuncoError.badRequest("author.subtypes applies to business authors only");
      }
    }
    return author.deepCopy();
  }

  static ObjectNode content(ObjectNode content) {
    String type = content.path("type").asText("");
    ObjectNode stored = content.deepCopy();
    switch (type) {
      case "text" -> {
        SuncoJson.only(content, "content.", TEXT_FIELDS);
        texts(content, stored);
        actions(content);
        SuncoJson.text(content, "payload", "content.", 0, Integer.MAX_VALUE);
        boolean hasText = content.path("text").isTextual() && !content.get("text").asText().isBlank();
        if (!hasText && !content.has("actions") && !content.has("htmlText") && !content.has("markdownText")) {
          throw SuncoError.badRequest("content.text is required unless actions, htmlText or markdownText is given");
        }
      }
      case "image", "file" -> {
        SuncoJson.only(content, "content.", type.equals("image") ? IMAGE_FIELDS : FILE_FIELDS);
        if (!content.has("mediaUrl")) {
          throw SuncoError.badRequest("content.mediaUrl is required");
        }
        url(content, "mediaUrl", "content.", 2048);
        SuncoJson.text(content, "altText", "content.", 0, 128);
        SuncoJson.text(content, "attachmentId", "content.", 1, 64);
        texts(content, stored);
        actions(content);
      }
      case "carousel", "list", "location", "form", "formResponse", "template" ->
        throw SuncoError.badRequest("content.type " + type + " is not played by the sandbox (text, image, file)");
      default -> throw SuncoError.badRequest("content.type must be one of text, image, file (got '" + type + "')");
    }
    SuncoJson.bool(content, "blockChatInput", "content.");
    stored.remove("markdownText"); // write-only: it becomes htmlText
    if (stored.path("text").asText("").isEmpty() && stored.has("htmlText")) {
      // "if no text is provided, [it] will be converted to text upon reception"
      stored.put("text", Markdown.plainText(stored.get("htmlText").asText()));
    }
    return stored;
  }

  /** text, htmlText, markdownText: each at most 4096; markdown converted into htmlText, which must still fit. */
  private static void texts(ObjectNode content, ObjectNode stored) {
    SuncoJson.text(content, "text", "content.", 0, TEXT_LIMIT);
    String html = SuncoJson.text(content, "htmlText", "content.", 0, TEXT_LIMIT);
    String markdown = SuncoJson.text(content, "markdownText", "content.", 0, TEXT_LIMIT);
    if (html != null && markdown != null) {
      throw SuncoError.badRequest("content.htmlText and content.markdownText cannot both be given");
    }
    if (markdown != null) {
      String converted = Markdown.toHtml(markdown);
      if (converted.length() > TEXT_LIMIT) {
        throw SuncoError.badRequest("content.markdownText converted to HTML exceeds 4096 characters");
      }
      stored.put("htmlText", converted);
    }
  }

  private static void actions(JsonNode content) {
    JsonNode actions = content.get("actions");
    if (actions == null) {
      return;
    }
    if (!actions.isArray()) {
      throw SuncoError.badRequest("content.actions must be an array");
    }
    for (int i = 0; i < actions.size(); i++) {
      JsonNode action = actions.get(i);
      String where = "content.actions[" + i + "].";
      String type = action.path("type").asText("");
      Set<String> required = ACTION_REQUIRED.get(type);
      if (!action.isObject() || required == null) {
        throw SuncoError.badRequest(where + "type must be one of " + ACTION_REQUIRED.keySet());
      }
      SuncoJson.only(action, where, ACTION_FIELDS.get(type));
      for (String field : required) {
        JsonNode value = action.get(field);
        boolean ok = field.equals("amount") ? value != null && value.isIntegralNumber()
            : value != null && value.isTextual() && !value.asText().isEmpty();
        if (!ok) {
          throw SuncoError.badRequest(where + field + " is required");
        }
      }
      if (action.has("uri")) {
        url(action, "uri", where, 2048);
      }
      SuncoJson.metadata(action, where);
    }
  }

  private static void url(JsonNode node, String field, String where, int max) {
    String value = SuncoJson.text(node, field, where, 1, max);
    if (value != null && !value.matches("https?://[^\\s/$.?#][^\\s]*")) {
      throw SuncoError.badRequest(where + field + " must be an absolute http(s) URL");
    }
  }

  /** Actions of a stored message (reply buttons and the like) or an empty array. */
  static ArrayNode actionsOf(ObjectNode message) {
    JsonNode actions = message.path("content").path("actions");
    return actions.isArray() ? (ArrayNode) actions : SuncoJson.array();
  }
}
