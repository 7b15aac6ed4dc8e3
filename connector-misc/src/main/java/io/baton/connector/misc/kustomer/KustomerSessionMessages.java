package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatTransferred;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/**
 * The agent messages of a chat session that were not relayed yet, in the session's order
 * ({@code GET /v2.1/chat/sessions/{id}/messages}, by {@code createdAt}), from the chat's cursor on; reading them moves
 * the cursor past the last message of the session. Relayed: outbound, not automated, created by a user who is not
 * ours (the API key's or the bot's). An agent who writes before their assignment was heard of is announced first
 * (joined, or transferred to when another agent had the chat).
 */
final class KustomerSessionMessages {
  private final Function<String, CompletableFuture<KustomerHandoff.Api>> api;
  private final KustomerAgents agents;

  /** @param api the API of a connection, once it is active */
  KustomerSessionMessages(Function<String, CompletableFuture<KustomerHandoff.Api>> api, KustomerAgents agents) {
    this.api = api;
    this.agents = agents;
  }

  CompletableFuture<String> agentName(Chat<KustomerChat> chat, String userId) {
    return api.apply(chat.state().connection).thenCompose(a -> agents.name(a, userId));
  }

  CompletableFuture<List<ChatWrite.Event>> unrelayed(Chat<KustomerChat> chat, Set<String> ourUsers) {
    KustomerChat k = chat.state();
    return api.apply(k.connection).thenCompose(a -> a.call("GET", "/v2.1/chat/sessions/" + k.conversationId
        + "/messages", "/v2.1/chat/sessions/{id}/messages", null).thenCompose(r -> {
          List<JsonNode> all = new ArrayList<>();
          r.path("data").forEach(all::add);
          int from = from(all, k);
          List<JsonNode> fresh = all.subList(from, all.size()).stream().filter(m -> relayed(m, ourUsers)).toList();
          Set<String> authors = new LinkedHashSet<>();
          fresh.forEach(m -> authors.add(author(m)));
          List<CompletableFuture<String>> names = authors.stream().map(u -> agents.name(a, u)).toList();
          String last = all.isEmpty() ? k.cursor : all.get(all.size() - 1).path("id").asText();
          return CompletableFuture.allOf(names.toArray(CompletableFuture[]::new)).thenApply(x -> {
            List<String> authorList = new ArrayList<>(authors);
            List<ChatWrite.Event> events = new ArrayList<>();
            for (JsonNode m : fresh) {
              String author = author(m);
              String name = names.get(authorList.indexOf(author)).join();
              if (!author.equals(k.agentId)) {
                // its assignment's webhook has not come yet: announced now, and that webhook, older, is dropped
                String seed = (k.agentId == null ? "joined-" : "transferred-") + m.path("id").asText();
                events.add(new ChatWrite.Event(seed, k.agentId == null ? new AgentJoined(name, author)
                    : new ChatTransferred(name, author)));
                k.agentId = author;
                k.agentName = name;
                k.assignedAt = m.path("attributes").path("createdAt").asText(k.assignedAt);
              }
              events.add(new ChatWrite.Event("msg-" + m.path("id").asText(), message(m, name)));
            }
            if (!all.isEmpty()) {
              k.cursor = last;
              k.cursorAt = all.get(all.size() - 1).path("attributes").path("createdAt").asText(null);
            }
            return events;
          });
        }));
  }

  /**
   * Where the messages not looked at yet begin: after the cursor; when the session no longer lists it (a listing
   * that does not go back that far [guess: paging]), after the cursor's time.
   */
  static int from(List<JsonNode> all, KustomerChat k) {
    if (k.cursor == null) {
      return 0;
    }
    for (int i = 0; i < all.size(); i++) {
      if (all.get(i).path("id").asText().equals(k.cursor)) {
        return i + 1;
      }
    }
    Instant at = instant(k.cursorAt);
    for (int i = 0; i < all.size(); i++) {
      Instant created = instant(all.get(i).path("attributes").path("createdAt").asText(null));
      if (at == null || created != null && created.isAfter(at)) {
        return i;
      }
    }
    return all.size();
  }

  private static Instant instant(String iso) {
    try {
      return iso == null ? null : Instant.parse(iso);
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  static boolean relayed(JsonNode message, Set<String> ourUsers) {
    JsonNode a = message.path("attributes");
    String author = author(message);
    return "out".equals(a.path("direction").asText()) && !a.path("auto").asBoolean(false) && !author.isEmpty()
        && !ourUsers.contains(author);
  }

  private static String author(JsonNode message) {
    return message.path("relationships").path("createdBy").path("data").path("id").asText("");
  }

  static AgentMessage message(JsonNode message, String agentName) {
    JsonNode a = message.path("attributes");
    String text = a.path("body").isTextual() ? a.path("body").asText() : a.path("preview").asText("");
    List<Attachment> attachments = new ArrayList<>();
    for (JsonNode f : a.path("attachments")) {
      String url = f.path("url").asText();
      attachments.add(new Attachment(url, f.path("name").asText(url.substring(url.lastIndexOf('/') + 1)),
          f.path("contentType").asText("application/octet-stream"), f.path("contentLength").asLong(0)));
    }
    return new AgentMessage(text, agentName, attachments);
  }
}
