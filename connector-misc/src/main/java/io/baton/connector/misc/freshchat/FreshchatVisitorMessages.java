package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.VisitorMessage;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The visitor's messages, posted as the conversation's user. Freshchat has no idempotency key, so a message that may
 * have reached it already (a repeat after a crash, a retry after a lost answer) is looked for first: the user's
 * messages after the last one recorded (after the opening's, when none was) are read (the page Freshchat answers
 * with), and the first of them, if it says the same, is taken as this one instead of posting it twice.
 */
final class FreshchatVisitorMessages {
  private final FreshchatClient client;
  private final PlatformCalls calls;

  FreshchatVisitorMessages(FreshchatClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<Void> send(FreshchatAccount account, FreshchatChat chat, VisitorMessage message) {
    List<Map<String, Object>> parts = FreshchatMessageParts.of(message);
    if (parts.isEmpty()) {
      return CompletableFuture.completedFuture(null); // Freshchat takes no message without parts
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("message_parts", parts);
    body.put("message_type", "normal");
    body.put("actor_type", "user");
    body.put("actor_id", chat.userId);
    String path = "/conversations/" + FreshchatClient.query(chat.conversationId) + "/messages";
    String fingerprint = FreshchatMessageParts.content(message).fingerprint();
    return calls.call(chat.connection, "POST /conversations/{id}/messages", FreshchatClient.lookingFirst(chat.unsure,
        () -> posted(account, chat, fingerprint),
        () -> client.call(account, "POST", path, body).thenApply(r -> r.path("id").asText())))
        .thenAccept(id -> chat.lastMessageId = id);
  }

  /** The id of this message if Freshchat has it already; clears {@code unsure} once nothing unrecorded is left. */
  private CompletableFuture<Optional<String>> posted(FreshchatAccount account, FreshchatChat chat,
      String fingerprint) {
    return calls.call(chat.connection, "GET /conversations/{id}/messages", () -> client.call(account, "GET",
        "/conversations/" + FreshchatClient.query(chat.conversationId) + "/messages", null)).thenApply(r -> {
          List<JsonNode> unrecorded = unrecorded(chat, r.path("messages"));
          if (unrecorded.size() <= 1) {
            chat.unsure = false;
          }
          if (!unrecorded.isEmpty()
              && FreshchatMessageParts.read(unrecorded.get(0)).fingerprint().equals(fingerprint)) {
            return Optional.of(unrecorded.get(0).path("id").asText());
          }
          return Optional.empty();
        });
  }

  /** The user's messages the chat has not recorded, oldest first. */
  static List<JsonNode> unrecorded(FreshchatChat chat, JsonNode messages) {
    List<JsonNode> all = new ArrayList<>();
    messages.forEach(m -> all.add(0, m)); // Freshchat lists the newest first
    all.sort(Comparator.comparing((JsonNode m) -> m.path("created_time").asText("")));
    List<JsonNode> users = new ArrayList<>();
    for (JsonNode m : all) {
      if ("user".equals(m.path("actor_type").asText())) {
        users.add(m);
      }
    }
    int after = chat.lastMessageId == null ? chat.openingUserMessages : -1;
    for (int i = 0; i < users.size(); i++) {
      if (chat.lastMessageId != null && chat.lastMessageId.equals(users.get(i).path("id").asText())) {
        after = i + 1;
      }
    }
    if (after < 0) {
      return List.of(); // the last recorded is not on this page: nothing can be told apart, so it is posted
    }
    return after >= users.size() ? List.of() : users.subList(after, users.size());
  }
}
