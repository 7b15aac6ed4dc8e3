package io.baton.connector.misc.kustomer;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.ActivityPayload;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentTyping;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import io.baton.events.PlatformActivity;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Kustomer's webhook events as agent events. Deliveries are at least once and unordered, so a message event is a
 * notice: the session's agent messages not relayed yet are read ({@link KustomerSessionMessages}) and relayed in
 * the session's order, and the chat's cursor moves past them; a redelivered or late notice finds nothing new. An
 * assignment change ({@code assignedUsers}) is "agent joined", "transferred" or "agent left" (and queued again); one
 * older than the last applied is dropped. {@code status} becoming {@code done} first relays the messages before it,
 * then ends the chat (not when it is the echo of our own close). Typing by an agent is relayed as it comes.
 */
final class KustomerAgentEvents {
  private KustomerAgentEvents() {}

  static CompletableFuture<ChatWrite> of(Chat<KustomerChat> chat, PlatformActivity activity,
      KustomerSessionMessages messages, Set<String> ourUsers) {
    JsonNode event = ActivityPayload.json(activity);
    if (event == null) {
      return CompletableFuture.completedFuture(null); // signed by Kustomer but unreadable: nothing to act on
    }
    String id = activity.getPlatformEventId();
    JsonNode data = event.path("data");
    return switch (event.path("name").asText()) {
      case "kustomer.message.create" -> "out".equals(data.path("attributes").path("direction").asText())
          ? messages.unrelayed(chat, ourUsers).thenApply(ChatWrite::events)
          : CompletableFuture.completedFuture(null);
      case "kustomer.conversation.typing" -> {
        String user = data.path("relationships").path("user").path("data").path("id").asText("");
        yield CompletableFuture.completedFuture(user.isEmpty() || ourUsers.contains(user) ? null
            : ChatWrite.event(id, new AgentTyping(data.path("attributes").path("typing").asBoolean(false))));
      }
      case "kustomer.conversation.update" -> update(chat, id, event, messages, ourUsers);
      default -> CompletableFuture.completedFuture(null);
    };
  }

  private static CompletableFuture<ChatWrite> update(Chat<KustomerChat> chat, String id, JsonNode event,
      KustomerSessionMessages messages, Set<String> ourUsers) {
    JsonNode changes = event.path("changes").path("attributes");
    CompletableFuture<List<ChatWrite.Event>> assignment = changes.has("assignedUsers")
        ? assignment(chat, id, event.path("createdAt").asText(), changes.path("assignedUsers").path("after"),
            messages)
        : CompletableFuture.completedFuture(List.of());
    boolean done = "done".equals(changes.path("status").path("after").asText());
    return assignment.thenCompose(events -> !done ? CompletableFuture.completedFuture(events)
        : messages.unrelayed(chat, ourUsers).thenApply(before -> {
          List<ChatWrite.Event> all = new ArrayList<>(events);
          all.addAll(before);
          all.add(new ChatWrite.Event(id + "-ended", chat.endedByPlatform(EndedBy.agent, "done")));
          return all;
        })).thenApply(all -> all.isEmpty() ? null : ChatWrite.events(all));
  }

  private static CompletableFuture<List<ChatWrite.Event>> assignment(Chat<KustomerChat> chat, String id,
      String createdAt, JsonNode after, KustomerSessionMessages messages) {
    KustomerChat k = chat.state();
    if (k.assignedAt != null && before(createdAt, k.assignedAt)) {
      return CompletableFuture.completedFuture(List.of()); // a late delivery of an older assignment
    }
    k.assignedAt = createdAt;
    String agent = after.isArray() && after.size() > 0 ? after.get(after.size() - 1).asText() : null;
    if (agent == null) {
      if (k.agentId == null) {
        return CompletableFuture.completedFuture(List.of());
      }
      String name = k.agentName;
      k.agentId = null;
      k.agentName = null;
      // Back in the queue, waiting for another agent: the visitor is told, as at first.
      return CompletableFuture.completedFuture(List.of(new ChatWrite.Event(id, new AgentLeft(name)),
          new ChatWrite.Event(id + "-queued", new ChatQueued(null, null))));
    }
    if (agent.equals(k.agentId)) {
      return CompletableFuture.completedFuture(List.of()); // told already, by a message of theirs that came first
    }
    boolean transfer = k.agentId != null;
    return messages.agentName(chat, agent).thenApply(name -> {
      k.agentId = agent;
      k.agentName = name;
      return List.of(new ChatWrite.Event(id, transfer ? new ChatTransferred(name, agent) : new AgentJoined(name,
          agent)));
    });
  }

  private static boolean before(String a, String b) {
    try {
      return Instant.parse(a).isBefore(Instant.parse(b));
    } catch (DateTimeParseException e) {
      return false;
    }
  }
}
