package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.Attachment;
import io.baton.events.QuickReply;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Messages Baton posts in a SunCo conversation: text (quick replies as {@code reply} actions), each attachment an
 * {@code image} or {@code file} message, and all marked as Baton's in {@code metadata} ({@code baton.origin}, and the
 * command or transcript entry they come from), so Baton recognises its own posts in webhooks and, after a crash, in
 * the conversation's history.
 */
final class SuncoMessages {
  static final String ORIGIN = "baton.origin";
  static final String COMMAND = "baton.command";
  static final String ENTRY = "baton.entry";
  static final int TEXT_MAX = 4096;
  /** Pages (100 messages each) read back at most when looking for Baton's earlier posts. */
  static final int MAX_PAGES = 10;
  private static final Logger log = LoggerFactory.getLogger(SuncoMessages.class);

  private final SuncoClient client;
  private final PlatformCalls calls;

  SuncoMessages(SuncoClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  /** Metadata marking a post as Baton's, with what it comes from ({@link #COMMAND} or {@link #ENTRY}). */
  static Map<String, Object> marked(String key, String value) {
    Map<String, Object> metadata = new LinkedHashMap<>();
    metadata.put(ORIGIN, "baton");
    metadata.put(key, value);
    return metadata;
  }

  static boolean ours(JsonNode message) {
    return "baton".equals(message.path("metadata").path(ORIGIN).asText(null));
  }

  static Map<String, Object> user(String userId) {
    return Map.of("type", "user", "userId", userId);
  }

  static Map<String, Object> business(String displayName) {
    Map<String, Object> author = new LinkedHashMap<>();
    author.put("type", "business");
    if (displayName != null && !displayName.isBlank()) {
      author.put("displayName", displayName);
    }
    return author;
  }

  /** The contents of one Baton message: its text (if any, or when nothing else), then one per attachment. */
  static List<Map<String, Object>> contents(String text, List<QuickReply> replies, List<Attachment> attachments) {
    List<Map<String, Object>> contents = new ArrayList<>();
    if (text != null && !text.isEmpty() || attachments.isEmpty() || !replies.isEmpty()) {
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("type", "text");
      content.put("text", text == null ? "" : text.length() > TEXT_MAX ? text.substring(0, TEXT_MAX) : text);
      if (!replies.isEmpty()) {
        List<Map<String, Object>> actions = new ArrayList<>();
        replies.forEach(r -> actions.add(Map.of("type", "reply", "text", r.getTitle(), "payload", r.getPayload())));
        content.put("actions", actions);
      }
      contents.add(content);
    }
    for (Attachment a : attachments) {
      Map<String, Object> content = new LinkedHashMap<>();
      content.put("type", a.getContentType() != null && a.getContentType().startsWith("image/") ? "image" : "file");
      content.put("mediaUrl", a.getUrl());
      if (a.getName() != null && !a.getName().isBlank()) {
        content.put("altText", a.getName().length() > 128 ? a.getName().substring(0, 128) : a.getName());
      }
      contents.add(content);
    }
    return contents;
  }

  /** Posts one message; completes with its SunCo id. */
  CompletableFuture<String> post(SuncoAccount account, String conversationId, Map<String, Object> author,
      Map<String, Object> content, Map<String, Object> metadata) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("author", author);
    body.put("content", content);
    body.put("metadata", metadata);
    String path = account.app() + "/conversations/" + conversationId + "/messages";
    return calls.call(account.connection(), "POST /v2/apps/{appId}/conversations/{id}/messages",
        () -> client.sunco(account, "POST", path, body))
        .thenApply(r -> r.path("messages").path(0).path("id").asText(null));
  }

  /** Posts the contents in order, each after the previous was taken. */
  CompletableFuture<Void> postAll(SuncoAccount account, String conversationId, Map<String, Object> author,
      List<Map<String, Object>> contents, Map<String, Object> metadata) {
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (Map<String, Object> content : contents) {
      chain = chain.thenCompose(x -> post(account, conversationId, author, content, metadata)).thenApply(id -> null);
    }
    return chain;
  }

  /** The conversation's latest page of messages (the API's fixed 100), oldest first. */
  CompletableFuture<JsonNode> recent(SuncoAccount account, String conversationId) {
    String path = account.app() + "/conversations/" + conversationId + "/messages";
    return calls.call(account.connection(), "GET /v2/apps/{appId}/conversations/{id}/messages",
        () -> client.sunco(account, "GET", path, null)).thenApply(r -> r.path("messages"));
  }

  /**
   * The conversation's messages from the latest backwards, a page at a time ({@code page[before]} = the previous
   * page's {@code beforeCursor}), until {@code enough} holds for what was read, no older message remains, or
   * {@link #MAX_PAGES} pages were read; oldest first.
   */
  CompletableFuture<List<JsonNode>> back(SuncoAccount account, String conversationId,
      Predicate<List<JsonNode>> enough) {
    return back(account, conversationId, null, List.of(), enough, 1);
  }

  private CompletableFuture<List<JsonNode>> back(SuncoAccount account, String conversationId, String before,
      List<JsonNode> newer, Predicate<List<JsonNode>> enough, int pages) {
    String path = account.app() + "/conversations/" + conversationId + "/messages"
        + (before == null ? "" : "?page%5Bbefore%5D=" + SuncoClient.query(before));
    return calls.call(account.connection(), "GET /v2/apps/{appId}/conversations/{id}/messages",
        () -> client.sunco(account, "GET", path, null)).thenCompose(r -> {
          List<JsonNode> read = new ArrayList<>();
          r.path("messages").forEach(read::add);
          read.addAll(newer);
          String cursor = r.path("meta").path("beforeCursor").asText("");
          boolean older = r.path("meta").path("hasMore").asBoolean(false) && !cursor.isEmpty();
          if (!older || enough.test(read)) {
            return CompletableFuture.completedFuture(read);
          }
          if (pages >= MAX_PAGES) {
            log.warn("conversation {}: {} messages read back without reaching Baton's earlier posts; taken as not "
                + "posted", conversationId, read.size());
            return CompletableFuture.completedFuture(read);
          }
          return back(account, conversationId, cursor, read, enough, pages + 1);
        });
  }

  /**
   * The values of a metadata key among Baton's latest posts: read back until Baton's newest post of any kind (the
   * router's commands are ordered, so one a crash may have posted without its record is Baton's newest post).
   */
  CompletableFuture<List<String>> postedBy(SuncoAccount account, String conversationId, String key) {
    return back(account, conversationId, read -> read.stream().anyMatch(SuncoMessages::ours)).thenApply(messages -> {
      List<String> values = new ArrayList<>();
      for (JsonNode m : messages) {
        if (ours(m) && m.path("metadata").path(key).isTextual()) {
          values.add(m.path("metadata").path(key).asText());
        }
      }
      return values;
    });
  }
}
