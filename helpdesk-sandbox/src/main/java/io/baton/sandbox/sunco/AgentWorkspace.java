package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.time.Instant;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.LongPredicate;

/**
 * Zendesk's Agent Workspace ({@code zd:agentWorkspace}) as a switchboard integration: control passed (or offered) to
 * it opens a messaging ticket with the passControl metadata Zendesk reads ({@code first_message_id},
 * {@code dataCapture.systemField.tags} comma-separated, {@code ...group_id}, {@code ...requester.name},
 * {@code ...requester.email}, {@code dataCapture.ticketField.<id>}); the history starts at {@code first_message_id}
 * (an unknown id falls back to the default) or is the last {@code messageHistoryCount} messages (10 when unset). The
 * agent answers as a business message whose author has the agent's name and {@code subtypes:["agent"]}, from source
 * {@code zd:agentWorkspace}; closing the ticket stores a {@code ticket:closed} activity message (no webhook: the spec
 * does not say one is sent) and gives control back with reason {@code ticketClosed}; moving it to email does the same
 * with {@code ticket:transfer:email} and {@code transferToEmail}.
 */
final class AgentWorkspace {
  static final String PREFIX = "dataCapture.systemField.";
  static final String FIELD_PREFIX = "dataCapture.ticketField.";
  private static final int DEFAULT_HISTORY = 10;

  private final SuncoConversations conversations;
  private final SwitchboardControl control;
  private final Switchboard switchboard;
  private final LongPredicate groupExists;
  private final String integrationId;
  private final Map<String, WorkspaceTicket> tickets = new LinkedHashMap<>();
  private long nextTicket = 1001;

  AgentWorkspace(SuncoConversations conversations, SwitchboardControl control, Switchboard switchboard,
      LongPredicate groupExists, String integrationId) {
    this.conversations = conversations;
    this.control = control;
    this.switchboard = switchboard;
    this.groupExists = groupExists;
    this.integrationId = integrationId;
  }

  /** Why the workspace cannot take a conversation with this metadata (a group that does not exist), else null. */
  String refusal(ObjectNode metadata) {
    JsonNode group = metadata == null ? null : metadata.get(PREFIX + "group_id");
    if (group == null) {
      return null;
    }
    long id;
    try {
      id = Long.parseLong(group.asText());
    } catch (NumberFormatException e) {
      return "Group " + group.asText() + " does not exist";
    }
    return groupExists.test(id) ? null : "Group " + id + " does not exist";
  }

  /** Opens a ticket for the conversation unless one is open. */
  void open(SuncoConversation c, ObjectNode metadata) {
    if (openTicket(c).isPresent()) {
      return;
    }
    ObjectNode m = metadata == null ? SuncoJson.object() : metadata;
    int first = historyStart(c, m.path("first_message_id").asText(null));
    Map<String, String> fields = new LinkedHashMap<>();
    m.properties().forEach(e -> {
      if (e.getKey().startsWith(FIELD_PREFIX)) {
        fields.put(e.getKey().substring(FIELD_PREFIX.length()), e.getValue().asText());
      }
    });
    String tags = m.path(PREFIX + "tags").asText("");
    List<String> tagList = Arrays.stream(tags.split(",")).map(String::trim).filter(t -> !t.isEmpty()).toList();
    Long group = m.has(PREFIX + "group_id") ? Long.parseLong(m.get(PREFIX + "group_id").asText()) : null;
    List<String> history = c.messages.subList(first, c.messages.size()).stream().map(SuncoConversation.Message::id)
        .toList();
    String id = Long.toString(nextTicket++);
    AgentTicket view = new AgentTicket(id, c.id, DeskStatus.QUEUED, null, m.path(PREFIX + "requester.name")
        .asText(null), m.path(PREFIX + "requester.email").asText(null), group, tagList, fields, history);
    tickets.put(id, new WorkspaceTicket(id, c, view, first));
  }

  private int historyStart(SuncoConversation c, String firstMessageId) {
    if (firstMessageId != null) {
      for (int i = 0; i < c.messages.size(); i++) {
        if (c.messages.get(i).id().equals(firstMessageId)) {
          return i;
        }
      }
    }
    int count = switchboard.agentWorkspace().map(w -> w.messageHistoryCount).orElse(DEFAULT_HISTORY);
    return Math.max(0, c.messages.size() - count);
  }

  /** Control left the workspace by the API: its open ticket ends with a system line, no activity message. */
  void closeQuietly(SuncoConversation c, String why) {
    openTicket(c).ifPresent(t -> {
      t.systemLines.add(new DeskLine(DeskLine.SYSTEM, why, Instant.now()));
      t.end();
    });
  }

  private Optional<WorkspaceTicket> openTicket(SuncoConversation c) {
    return tickets.values().stream().filter(t -> t.conversation == c && t.status != DeskStatus.ENDED).findFirst();
  }

  private WorkspaceTicket require(String ticketId, DeskStatus... allowed) {
    WorkspaceTicket t = tickets.get(ticketId);
    if (t == null) {
      throw DeskException.notFound(SuncoSimulator.NAME, ticketId);
    }
    if (allowed.length > 0 && !Arrays.asList(allowed).contains(t.status)) {
      throw new DeskException(409, "Ticket " + ticketId + " is " + t.status);
    }
    return t;
  }

  void accept(String ticketId, String agentName) {
    WorkspaceTicket t = require(ticketId, DeskStatus.QUEUED);
    boolean offered = t.conversation.pendingMemberId != null
        && switchboard.find(t.conversation.pendingMemberId)
            .map(m -> Switchboard.AGENT_WORKSPACE.equals(m.integrationType)).orElse(false);
    if (offered) {
      control.accept(t.conversation, null);
    }
    t.status = DeskStatus.ACTIVE;
    t.agentName = agentName;
    t.waitingSince = null;
  }

  void say(String ticketId, ObjectNode content) {
    WorkspaceTicket t = require(ticketId, DeskStatus.ACTIVE);
    ObjectNode author = SuncoJson.object().put("type", "business").put("displayName", t.agentName);
    author.putArray("subtypes").add("agent");
    conversations.store(t.conversation, author, null, content, null, source(), null, null);
  }

  void typing(String ticketId, boolean on) {
    WorkspaceTicket t = require(ticketId, DeskStatus.ACTIVE);
    conversations.activity(t.conversation, on ? "typing:start" : "typing:stop",
        SuncoJson.object().put("type", "business"), null, source());
  }

  void leave(String ticketId) {
    WorkspaceTicket t = require(ticketId, DeskStatus.ACTIVE);
    t.systemLines.add(new DeskLine(DeskLine.SYSTEM, t.agentName + " unassigned the ticket", Instant.now()));
    t.status = DeskStatus.QUEUED;
    t.agentName = null;
    t.waitingSince = Instant.now();
  }

  void transfer(String ticketId, String agentName) {
    WorkspaceTicket t = require(ticketId, DeskStatus.ACTIVE);
    t.systemLines.add(new DeskLine(DeskLine.SYSTEM, "Reassigned from " + t.agentName + " to " + agentName,
        Instant.now()));
    t.agentName = agentName;
  }

  /** Closes the ticket (reason {@code ticketClosed}) or moves it to email ({@code transferToEmail}). */
  void close(String ticketId, boolean toEmail) {
    WorkspaceTicket t = require(ticketId, DeskStatus.QUEUED, DeskStatus.ACTIVE);
    ObjectNode activity = SuncoJson.object().put("type", toEmail ? "ticket:transfer:email" : "ticket:closed");
    activity.putObject("data");
    ObjectNode message = SuncoJson.object().put("id", ObjectIds.next())
        .put("received", Instant.now().toString());
    message.putObject("author").put("type", "business").putArray("subtypes").add("activity");
    message.set("activity", activity);
    message.putObject("content").put("type", "text").put("text", toEmail ? "Conversation moved to email"
        : "Ticket closed");
    message.set("source", source());
    t.systemLines.add(new DeskLine(DeskLine.SYSTEM, toEmail ? "Moved to email" : "Ticket closed", Instant.now()));
    t.end();
    t.conversation.messages.add(new SuncoConversation.Message(message, null, null, null));
    if (control.workspaceActive(t.conversation)) {
      control.returnFromWorkspace(t.conversation, toEmail ? "transferToEmail" : "ticketClosed");
    } else
      if (t.conversation.pendingMemberId != null && switchboard.find(t.conversation.pendingMemberId)
          .map(m -> Switchboard.AGENT_WORKSPACE.equals(m.integrationType)).orElse(false)) {
            t.conversation.pendingMemberId = null; // an offer the agents never accepted
          }
  }

  private ObjectNode source() {
    return SuncoJson.object().put("type", Switchboard.AGENT_WORKSPACE).put("integrationId", integrationId);
  }

  List<AgentTicket> tickets() {
    return tickets.values().stream().map(WorkspaceTicket::view).toList();
  }

  Optional<AgentTicket> ticket(String id) {
    return Optional.ofNullable(tickets.get(id)).map(WorkspaceTicket::view);
  }

  List<DeskChat> deskChats() {
    return tickets.values().stream().map(WorkspaceTicket::deskChat).toList();
  }

  Optional<DeskChat> deskChat(String id) {
    return Optional.ofNullable(tickets.get(id)).map(WorkspaceTicket::deskChat);
  }
}
