package io.baton.sandbox.miaw;

import java.util.List;
import java.util.Map;
import java.util.UUID;

/** The data of the SSE events MIAW sends: conversation entries and routing results, as the visitor's client reads them. */
final class MiawEntries {
  private MiawEntries() {}

  /** Where the conversation stands in the queue (30 s a place). */
  static Map<String, Object> routingResult(String conversationId, String routingType, int position) {
    return Map.of("conversationId", conversationId, "routingResult",
        Map.of("routingType", routingType, "failureType", "None", "estimatedWaitTime",
            Map.of("estimatedWaitTimeInSeconds", 30 * position, "positionInQueue", position)));
  }

  static Map<String, Object> agentTyping(String conversationId, String agentName, boolean typing) {
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType",
        typing ? "TypingStartedIndicator" : "TypingStoppedIndicator", "sender",
        Map.of("role", "Agent", "subject", MiawSimulator.agentId(agentName))));
  }

  static Map<String, Object> participantChanged(String conversationId, String operation, String agentName) {
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType", "ParticipantChanged",
        "identifier", UUID.randomUUID().toString(), "entryPayload",
        MiawSimulator.write(Map.of("entries", List.of(Map.of(
            "operation", operation, "displayName", agentName, "participant",
            Map.of("role", "Agent", "subject", MiawSimulator.agentId(agentName))))))));
  }

  static Map<String, Object> messageEntry(String conversationId, String role, String name, String messageId,
      String text) {
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType", "Message",
        "identifier", messageId, "senderDisplayName", name == null ? "" : name,
        "sender", Map.of("role", role, "subject", role.equals("Agent") ? MiawSimulator.agentId(name) : "visitor"),
        "entryPayload", MiawSimulator.write(Map.of("entryType", "Message", "abstractMessage", Map.of(
            "messageType", "StaticContentMessage", "id", messageId,
            "staticContent", Map.of("formatType", "Text", "text", text))))));
  }
}
