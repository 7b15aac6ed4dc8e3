package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A Freshchat message's parts, both ways. Out: a visitor message as {@code message_parts} (its text, each image
 * attachment as {@code image}, any other as {@code file}). In: the three shapes of {@code message_create} the
 * payload article shows: current ({@code message_parts[].text.content}, {@code image.url}, {@code file.url}),
 * legacy 2018 ({@code msg_parts[]} with {@code part_type} and {@code properties}), and 2022 (current parts without
 * {@code message_type}, with {@code botsPrivateNote}). Parts Baton cannot show (buttons, quick replies) are left out.
 */
final class FreshchatMessageParts {
  /** What a message says: its text lines joined and its images and files. */
  record Content(String text, List<Attachment> attachments) {
    boolean isEmpty() { return text.isEmpty() && attachments.isEmpty(); }

    /** The same content as another (text and every attachment's URL, in order): how a posted message is known. */
    String fingerprint() {
      StringBuilder b = new StringBuilder(text);
      attachments.forEach(a -> b.append('\n').append(a.getUrl()));
      return b.toString();
    }
  }

  private FreshchatMessageParts() {}

  /** The visitor's message as {@code message_parts}; empty when it has neither text nor attachments. */
  static List<Map<String, Object>> of(VisitorMessage message) {
    List<Map<String, Object>> parts = new ArrayList<>();
    if (message.getText() != null && !message.getText().isBlank()) {
      parts.add(text(message.getText()));
    }
    for (Attachment a : message.getAttachments()) {
      if (a.getContentType() != null && a.getContentType().toLowerCase(Locale.ROOT).startsWith("image/")) {
        parts.add(Map.of("image", Map.of("url", a.getUrl())));
      } else {
        Map<String, Object> file = new LinkedHashMap<>();
        file.put("url", a.getUrl());
        file.put("name", a.getName());
        if (a.getContentType() != null && !a.getContentType().isBlank()) {
          file.put("content_type", a.getContentType());
        }
        if (a.getSizeBytes() > 0) {
          file.put("file_size_in_bytes", a.getSizeBytes());
        }
        parts.add(Map.of("file", file));
      }
    }
    return parts;
  }

  /** What {@link #of} posts, as {@link #read} reads it back. */
  static Content content(VisitorMessage message) {
    String text = message.getText() == null || message.getText().isBlank() ? "" : message.getText();
    return new Content(text, message.getAttachments());
  }

  static Map<String, Object> text(String content) {
    return Map.of("text", Map.of("content", content));
  }

  /** A {@code data.message} of any of the three shapes. */
  static Content read(JsonNode message) {
    List<String> lines = new ArrayList<>();
    List<Attachment> attachments = new ArrayList<>();
    if (message.path("message_parts").isArray()) {
      for (JsonNode part : message.path("message_parts")) {
        if (part.path("text").has("content")) {
          lines.add(part.path("text").path("content").asText());
        } else if (part.path("image").has("url")) {
          attachments.add(image(part.path("image").path("url").asText()));
        } else if (part.path("file").has("url")) {
          attachments.add(file(part.path("file")));
        }
      }
    } else {
      for (JsonNode part : message.path("msg_parts")) {
        JsonNode p = part.path("properties");
        switch (part.path("part_type").asText("")) {
          case "text" -> lines.add(p.path("text").asText(p.path("content").asText("")));
          case "image" -> {
            String url = p.path("url").asText(p.path("image_url").asText(""));
            if (!url.isEmpty()) {
              attachments.add(image(url));
            }
          }
          default -> {} // 2018 buttons and collections: nothing Baton shows
        }
      }
    }
    return new Content(String.join("\n", lines.stream().filter(l -> !l.isEmpty()).toList()), attachments);
  }

  /** A note for agents only: {@code message_type:"private"}, or a bot's private note of the 2022 shape. */
  static boolean isPrivate(JsonNode message) {
    return "private".equals(message.path("message_type").asText("")) || message.path("botsPrivateNote")
        .asBoolean(false);
  }

  private static Attachment file(JsonNode f) {
    String url = f.path("url").asText();
    return new Attachment(url, f.path("name").asText(nameOf(url)),
        f.path("content_type").asText("application/octet-stream"), f.path("file_size_in_bytes").asLong(0));
  }

  private static Attachment image(String url) {
    String lower = url.toLowerCase(Locale.ROOT).replaceAll("[?#].*", "");
    String type = lower.endsWith(".png") ? "image/png" : lower.endsWith(".gif") ? "image/gif"
        : lower.endsWith(".webp") ? "image/webp" : lower.endsWith(".jpg") || lower.endsWith(".jpeg") ? "image/jpeg"
        : "image/*";
    return new Attachment(url, nameOf(url), type, 0L);
  }

  private static String nameOf(String url) {
    String path = url.replaceAll("[?#].*", "");
    String name = path.substring(path.lastIndexOf('/') + 1);
    return name.isEmpty() ? "file" : name;
  }
}
