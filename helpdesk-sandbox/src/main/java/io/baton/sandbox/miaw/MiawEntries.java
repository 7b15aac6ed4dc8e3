package io.baton.sandbox.miaw;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The data of the SSE events MIAW sends: conversation entries and routing results, as the visitor's client reads them.
 * Entries carry {@code identifier} and {@code transcriptedTimestamp} (epoch ms), as {@code conversation/{id}/entries}
 * lists them too.
 */
final class MiawEntries {
  private MiawEntries() {}

  /** One file of a message: where to fetch it. */
  record File(String id, String name, String mimeType, long size, String url) {}

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
    return participantsChanged(conversationId, List.of(Map.entry(operation, agentName)));
  }

  /** One entry with several changes, in order: a transfer removes the agent and adds the next one. */
  static Map<String, Object> participantsChanged(String conversationId, List<Map.Entry<String, String>> changes) {
    List<Object> entries = new ArrayList<>();
    for (Map.Entry<String, String> c : changes) {
      entries.add(Map.of("operation", c.getKey(), "displayName", c.getValue(), "participant",
          Map.of("role", "Agent", "subject", MiawSimulator.agentId(c.getValue()))));
    }
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType", "ParticipantChanged",
        "identifier", UUID.randomUUID().toString(), "transcriptedTimestamp", System.currentTimeMillis(),
        "sender", Map.of("role", "System", "subject", "system"),
        "entryPayload", MiawSimulator.write(Map.of("entryType", "ParticipantChanged", "entries", entries))));
  }

  static Map<String, Object> messageEntry(String conversationId, String role, String name, String messageId,
      String text) {
    return messageEntry(conversationId, role, name, messageId, text, List.of());
  }

  /**
   * A message; with files, its static content is of format {@code Attachments} with an {@code attachments} array of
   * {@code {id, name, mimeType, url, contentLength}} (the shape is a guess from public clients), and the text, if any.
   */
  static Map<String, Object> messageEntry(String conversationId, String role, String name, String messageId,
      String text, List<File> files) {
    Map<String, Object> content = new LinkedHashMap<>();
    if (files.isEmpty()) {
      content.put("formatType", "Text");
      content.put("text", text);
    } else {
      content.put("formatType", "Attachments");
      if (text != null && !text.isEmpty()) {
        content.put("text", text);
      }
      content.put("attachments", files.stream().map(f -> Map.of("id", f.id(), "name", f.name(), "mimeType",
          f.mimeType(), "url", f.url(), "contentLength", f.size())).toList());
    }
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType", "Message",
        "identifier", messageId, "senderDisplayName", name == null ? "" : name, "transcriptedTimestamp",
        System.currentTimeMillis(),
        "sender", Map.of("role", role, "subject", role.equals("Agent") ? MiawSimulator.agentId(name) : "visitor"),
        "entryPayload", MiawSimulator.write(Map.of("entryType", "Message", "abstractMessage", Map.of(
            "messageType", "StaticContentMessage", "id", messageId, "staticContent", content)))));
  }
}
