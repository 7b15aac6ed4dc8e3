package io.baton.sandbox.freshchat;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One message of a conversation as stored: its parts as Freshchat's API shows them ({@code {text:{content}}},
 * {@code {image:{url}}}, {@code {file:{url, name, ...}}}), who wrote it and whether it is a private note.
 *
 * @param userId  the conversation's user (Freshchat puts it on every message)
 * @param initial one of the messages the conversation was created with (the bot's transcript)
 */
public record FreshchatMessage(String id, String conversationId, String channelId, String userId, String actorType,
    String actorId, String messageType, List<Map<String, Object>> parts, Instant createdTime, boolean initial) {
  public static final String USER = "user";
  public static final String AGENT = "agent";
  public static final String NORMAL = "normal";
  public static final String PRIVATE = "private";

  public FreshchatMessage {
    parts = List.copyOf(parts);
  }

  public boolean isPrivate() { return PRIVATE.equals(messageType); }

  /** The parts as one line of text: the texts, then each image or file by its URL. */
  public String text() {
    return parts.stream().map(FreshchatMessage::partText).collect(Collectors.joining(" "));
  }

  @SuppressWarnings("unchecked")
  private static String partText(Map<String, Object> part) {
    if (part.get("text") instanceof Map<?, ?> t) {
      return String.valueOf(((Map<String, Object>) t).get("content"));
    }
    if (part.get("image") instanceof Map<?, ?> i) {
      return "[image] " + ((Map<String, Object>) i).get("url");
    }
    Map<String, Object> f = (Map<String, Object>) part.get("file");
    return "[file] " + f.get("name") + " " + f.get("url");
  }
}
