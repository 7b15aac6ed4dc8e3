package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One messaging ticket of the Agent Workspace: the fields its passControl gave it, where it is, who has it, and the
 * conversation's messages it shows (from its first history message until it ended), as the desk shows them.
 */
final class WorkspaceTicket {
  final String id;
  final SuncoConversation conversation;
  private final AgentTicket fields;
  private final int firstMessage;
  DeskStatus status = DeskStatus.QUEUED;
  String agentName;
  Instant waitingSince = Instant.now();
  private int endMessage = -1;
  final List<DeskLine> systemLines = new ArrayList<>();

  WorkspaceTicket(String id, SuncoConversation conversation, AgentTicket fields, int firstMessage) {
    this.id = id;
    this.conversation = conversation;
    this.fields = fields;
    this.firstMessage = firstMessage;
  }

  /** Over: later messages of the conversation are not the ticket's. */
  void end() {
    status = DeskStatus.ENDED;
    waitingSince = null;
    endMessage = conversation.messages.size();
  }

  AgentTicket view() {
    AgentTicket f = fields;
    return new AgentTicket(id, f.conversationId(), status, agentName, f.requesterName(), f.requesterEmail(),
        f.groupId(), f.tags(), f.ticketFields(), f.historyMessageIds());
  }

  DeskChat deskChat() {
    Map<String, String> context = new LinkedHashMap<>();
    context.put("Conversation", conversation.id);
    putIf(context, "Requester", fields.requesterName());
    putIf(context, "Email", fields.requesterEmail());
    putIf(context, "Group", fields.groupId() == null ? null : fields.groupId().toString());
    putIf(context, "Tags", fields.tags().isEmpty() ? null : String.join(", ", fields.tags()));
    fields.ticketFields().forEach((k, v) -> context.put("Field " + k, v));
    List<DeskLine> lines = new ArrayList<>();
    int end = endMessage < 0 ? conversation.messages.size() : endMessage;
    for (SuncoConversation.Message m : conversation.messages.subList(firstMessage, end)) {
      lines.add(new DeskLine(from(m.json()), text(m.json().path("content")),
          Instant.parse(m.json().path("received").asText())));
    }
    lines.addAll(systemLines);
    lines.sort(Comparator.comparing(DeskLine::at));
    String visitor = fields.requesterName() != null ? fields.requesterName() : "End user";
    return new DeskChat(SuncoSimulator.NAME, id, status, waitingSince, agentName, visitor, context, lines);
  }

  private static void putIf(Map<String, String> map, String key, String value) {
    if (value != null) {
      map.put(key, value);
    }
  }

  private static String from(JsonNode message) {
    if (message.path("author").path("type").asText().equals("user")) {
      return DeskLine.VISITOR;
    }
    if (message.has("activity")) {
      return DeskLine.SYSTEM;
    }
    return message.path("source").path("type").asText().equals(Switchboard.AGENT_WORKSPACE) ? DeskLine.AGENT
        : DeskLine.BOT;
  }

  private static String text(JsonNode content) {
    String type = content.path("type").asText();
    String text = content.path("text").asText("");
    if (type.equals("image") || type.equals("file")) {
      return "[" + type + "] " + content.path("mediaUrl").asText() + (text.isEmpty() ? "" : " " + text);
    }
    return text;
  }
}
