package io.baton.connector.misc.freshchat;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Freshchat's calls that open a handover, each safe to repeat: the user (by Baton's reference id, then by email,
 * else created), our conversation among the user's (a creation whose answer a crash lost), and the conversation
 * created in the channel with the transcript, Baton's handover id in a property and the group.
 */
final class FreshchatOpening {
  private static final Logger log = LoggerFactory.getLogger(FreshchatOpening.class);
  /** The user's conversations looked into for ours after a crash, open ones first (ours is new). */
  static final int LOOKED_INTO = 50;

  /** The visitor as Freshchat gets it. */
  record Visitor(String referenceId, String name, String email) {}

  private final FreshchatClient client;
  private final PlatformCalls calls;

  FreshchatOpening(FreshchatClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** Baton's reference of a conversation's visitor: one user per Baton conversation unless the email is known. */
  static String referenceId(String tenant, String conversationId) {
    return "baton:" + tenant + ":" + conversationId;
  }

  CompletableFuture<String> user(FreshchatAccount account, Visitor visitor) {
    return find(account, "reference_id", visitor.referenceId())
        .thenCompose(byRef -> byRef.isPresent() || visitor.email() == null ? completed(byRef)
            : find(account, "email", visitor.email()))
        .thenCompose(found -> found.isPresent() ? CompletableFuture.completedFuture(found.get())
            : create(account, visitor));
  }

  private CompletableFuture<Optional<String>> find(FreshchatAccount account, String field, String value) {
    return calls.call(account.connection(), "GET /users?" + field, () -> client.call(account, "GET",
        "/users?" + field + "=" + FreshchatClient.query(value), null))
        .thenApply(r -> r.path("users").size() > 0 ? Optional.of(r.path("users").get(0).path("id").asText())
            : Optional.<String>empty());
  }

  private CompletableFuture<String> create(FreshchatAccount account, Visitor visitor) {
    Map<String, Object> user = new LinkedHashMap<>();
    user.put("reference_id", visitor.referenceId());
    if (visitor.email() != null) {
      user.put("email", visitor.email());
    }
    if (visitor.name() != null) {
      String name = visitor.name().trim();
      int space = name.lastIndexOf(' ');
      user.put("first_name", space > 0 ? name.substring(0, space) : name);
      if (space > 0) {
        user.put("last_name", name.substring(space + 1));
      }
    }
    return calls.call(account.connection(), "POST /users", () -> client.call(account, "POST", "/users", user))
        .thenApply(r -> r.path("id").asText())
        .exceptionallyCompose(e -> FreshchatClient.status(e, 400)
            // Our reference id is taken: a creation whose answer was lost. The user is ours.
            ? find(account, "reference_id", visitor.referenceId()).thenApply(found -> found.orElseThrow(
                () -> new IllegalStateException(FreshchatClient.unwrap(e).getMessage())))
            : CompletableFuture.failedFuture(FreshchatClient.unwrap(e)));
  }

  /** The user's conversation carrying our handover id in its property, if Freshchat has one. */
  CompletableFuture<Optional<String>> existing(FreshchatAccount account, String userId, String handoverId) {
    return calls.call(account.connection(), "GET /users/{id}/conversations", () -> client.call(account, "GET",
        "/users/" + FreshchatClient.query(userId) + "/conversations", null)).thenCompose(r -> {
          List<String> open = new ArrayList<>();
          List<String> resolved = new ArrayList<>();
          r.path("conversations").forEach(c -> ("resolved".equals(c.path("status").asText()) ? resolved : open)
              .add(c.path("id").asText(c.path("conversation_id").asText())));
          open.addAll(resolved);
          return ours(account, open.subList(0, Math.min(open.size(), LOOKED_INTO)), handoverId);
        });
  }

  private CompletableFuture<Optional<String>> ours(FreshchatAccount account, List<String> ids, String handoverId) {
    if (ids.isEmpty()) {
      return completed(Optional.empty());
    }
    String id = ids.get(0);
    return calls.call(account.connection(), "GET /conversations/{id}", () -> client.call(account, "GET",
        "/conversations/" + FreshchatClient.query(id), null)).thenCompose(c -> {
          if (handoverId.equals(c.path("properties").path(account.settings().handoverProperty()).asText())) {
            log.info("Freshchat already has the conversation of handover {} (an answer was lost); going on with {}",
                handoverId, id);
            return completed(Optional.of(id));
          }
          return ours(account, ids.subList(1, ids.size()), handoverId);
        });
  }

  /**
   * The handover's conversation: when {@code unsure} (a repeated start) or after a try whose answer was lost, looked
   * for among the user's first ({@link #existing}); else created in the account's channel. The visitor's lines are the user's messages; the bot's (and
   * any agent or system line) are private notes of the bot's agent when the connection names one, else the user's
   * messages marked with who said them: either way the agent reads the whole exchange in order, and nothing is shown
   * to the visitor again.
   */
  CompletableFuture<String> conversation(FreshchatAccount account, String userId, String handoverId,
      List<TranscriptEntry> transcript, boolean unsure) {
    List<Map<String, Object>> messages = new ArrayList<>();
    String bot = account.settings().botAgentId();
    for (TranscriptEntry e : transcript) {
      boolean visitor = e.getRole() == TranscriptRole.visitor;
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("message_parts", List.of(FreshchatMessageParts.text(visitor ? e.getText() : TranscriptLines.line(e))));
      m.put("message_type", visitor || bot == null ? "normal" : "private");
      m.put("actor_type", visitor || bot == null ? "user" : "agent");
      m.put("actor_id", visitor || bot == null ? userId : bot);
      messages.add(m);
    }
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("channel_id", account.channelId());
    body.put("users", List.of(Map.of("id", userId)));
    if (!messages.isEmpty()) {
      body.put("messages", messages);
    }
    body.put("properties", Map.of(account.settings().handoverProperty(), handoverId));
    if (account.settings().groupId() != null) {
      body.put("assigned_group_id", account.settings().groupId());
    }
    return calls.call(account.connection(), "POST /conversations", FreshchatClient.lookingFirst(unsure,
        () -> existing(account, userId, handoverId),
        () -> client.call(account, "POST", "/conversations", body)
            .thenApply(r -> r.path("conversation_id").asText(r.path("id").asText()))));
  }

  /** How many of the conversation's first messages {@link #create} posts as the user. */
  static int userMessages(FreshchatSettings settings, List<TranscriptEntry> transcript) {
    return settings.botAgentId() == null ? transcript.size()
        : (int) transcript.stream().filter(e -> e.getRole() == TranscriptRole.visitor).count();
  }

  private static <T> CompletableFuture<T> completed(T value) {
    return CompletableFuture.completedFuture(value);
  }
}
