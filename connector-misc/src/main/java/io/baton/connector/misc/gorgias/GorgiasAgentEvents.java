package io.baton.connector.misc.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.avro.specific.SpecificRecord;

/**
 * A ticket as Gorgias shows it now, after a delivery said it changed, as the agent events not relayed yet. The ticket
 * is the source, a delivery only says "look": deliveries may come twice, late or not at all, and whatever they say,
 * each change is relayed once and in the ticket's order.
 * <ul>
 * <li>The assignee: none before, joined; another before, transferred (after what the previous agent wrote before
 * it); none now, left and queued again.
 * <li>Messages after the cursor, in id order: public ones from an agent (not internal notes) are the agent's, named
 * by their sender. The cursor moves past every message read.
 * <li>Closed: the agent ended it (our own close's echo is not relayed).
 * </ul>
 * Event ids are the ticket's own (message ids, the count of assignment changes), so a write repeated after a crash
 * is the same events, which the router drops.
 */
final class GorgiasAgentEvents {
  private final GorgiasAgents agents;

  GorgiasAgentEvents(GorgiasAgents agents) {
    this.agents = agents;
  }

  /** @param ticket the ticket ({@code GET /tickets/{id}}); {@code messages} its messages, oldest first */
  CompletableFuture<ChatWrite> of(Chat<GorgiasChat> chat, GorgiasAccount account, JsonNode ticket,
      List<JsonNode> messages) {
    GorgiasChat gc = chat.state();
    Map<String, CompletableFuture<String>> names = new HashMap<>();
    JsonNode assignee = ticket.path("assignee_user");
    String assigneeId = GorgiasWebhooks.text(assignee.path("id"));
    if (!assigneeId.isEmpty()) {
      names.put(assigneeId, named(account, assignee, assigneeId));
    }
    List<JsonNode> fresh = new ArrayList<>();
    for (JsonNode m : messages) {
      if (m.path("id").asLong() > gc.cursor && relayed(m)) {
        fresh.add(m);
        String sender = GorgiasWebhooks.text(m.path("sender").path("id"));
        if (!sender.isEmpty()) {
          names.computeIfAbsent(sender, id -> named(account, m.path("sender"), id));
        }
      }
    }
    return CompletableFuture.allOf(names.values().toArray(CompletableFuture[]::new))
        .thenApply(x -> write(chat, ticket, messages, fresh, assigneeId, names));
  }

  private CompletableFuture<String> named(GorgiasAccount account, JsonNode user, String id) {
    String name = GorgiasAgents.nameOf(user, account.settings().fullNames());
    return name != null ? CompletableFuture.completedFuture(name) : agents.name(account, id);
  }

  private ChatWrite write(Chat<GorgiasChat> chat, JsonNode ticket, List<JsonNode> all, List<JsonNode> fresh,
      String assigneeId, Map<String, CompletableFuture<String>> names) {
    GorgiasChat gc = chat.state();
    List<ChatWrite.Event> events = new ArrayList<>();
    boolean reassigned = !assigneeId.isEmpty() && !assigneeId.equals(gc.agentId);
    int i = 0;
    // what the agent who had it wrote before handing it on comes before the transfer
    while (reassigned && gc.agentId != null && i < fresh.size() && gc.agentId.equals(sender(fresh.get(i)))) {
      relay(events, fresh.get(i++), names);
    }
    if (reassigned) {
      assign(gc, events, assigneeId, names.get(assigneeId).join());
    }
    for (; i < fresh.size(); i++) {
      relay(events, fresh.get(i), names);
    }
    if (assigneeId.isEmpty() && gc.agentId != null) {
      String left = gc.agentName;
      gc.agentId = null;
      gc.agentName = null;
      gc.assignments++;
      events.add(new ChatWrite.Event("assign-" + gc.assignments, new AgentLeft(left)));
      events.add(new ChatWrite.Event("assign-" + gc.assignments + "-queued", new ChatQueued(null, null)));
    }
    for (JsonNode m : all) {
      gc.cursor = Math.max(gc.cursor, m.path("id").asLong());
    }
    if ("closed".equals(ticket.path("status").asText()) && !chat.ended()) {
      SpecificRecord ended = chat.endedByPlatform(EndedBy.agent, "closed");
      if (ended != null) {
        events.add(new ChatWrite.Event("closed", ended));
      }
    }
    return ChatWrite.events(events).withLink();
  }

  private static String sender(JsonNode m) {
    return GorgiasWebhooks.text(m.path("sender").path("id"));
  }

  /**
   * A public agent message, named by its sender. It never announces a join: the ticket read now shows its assignee
   * (an assignment cannot be outrun by a message here), and an agent may answer a ticket no one is assigned.
   */
  private static void relay(List<ChatWrite.Event> events, JsonNode m,
      Map<String, CompletableFuture<String>> names) {
    String sender = sender(m);
    String name = sender.isEmpty() ? null : names.get(sender).join();
    List<Attachment> files = attachments(m.path("attachments"));
    if (!text(m).isEmpty() || !files.isEmpty()) {
      events.add(new ChatWrite.Event("m-" + m.path("id").asLong(), new AgentMessage(text(m), name, files)));
    }
  }

  private static void assign(GorgiasChat gc, List<ChatWrite.Event> events, String id, String name) {
    boolean fromQueue = gc.agentId == null;
    gc.agentId = id;
    gc.agentName = name;
    gc.assignments++;
    events.add(new ChatWrite.Event("assign-" + gc.assignments,
        fromQueue ? new AgentJoined(name, id) : new ChatTransferred(name, id)));
  }

  /** A message the visitor sees: from an agent, public, not an internal note. */
  static boolean relayed(JsonNode m) {
    return bool(m.path("from_agent")) && !(m.has("public") && !bool(m.path("public")))
        && !GorgiasTickets.INTERNAL_NOTE.equals(m.path("channel").asText());
  }

  /** Gorgias's booleans; a rendered template says {@code True}/{@code False}. */
  static boolean bool(JsonNode node) {
    return node.isBoolean() ? node.asBoolean() : "true".equalsIgnoreCase(node.asText(""));
  }

  static String text(JsonNode m) {
    String text = m.path("body_text").asText("");
    if (text.isBlank()) {
      text = m.path("stripped_text").asText("");
    }
    if (text.isBlank()) {
      text = m.path("body_html").asText("").replaceAll("(?i)<br\\s*/?>|</p>", "\n").replaceAll("<[^>]+>", "")
          .replace("&nbsp;", " ").replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"")
          .replace("&#39;", "'").replace("&amp;", "&").strip();
    }
    return text;
  }

  static List<Attachment> attachments(JsonNode list) {
    List<Attachment> out = new ArrayList<>();
    for (JsonNode a : list) {
      String url = a.path("url").asText("");
      if (!url.isEmpty()) {
        out.add(new Attachment(url, a.path("name").asText(""), a.path("content_type").asText(""),
            a.path("size").asLong(0)));
      }
    }
    return out;
  }
}
