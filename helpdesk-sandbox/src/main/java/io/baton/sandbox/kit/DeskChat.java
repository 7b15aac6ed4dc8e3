package io.baton.sandbox.kit;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One chat as the agent desk shows it, whatever the platform.
 *
 * @param id           the platform's id: Live Agent's sessionId, MIAW's conversationId, Dixa's conversation id
 * @param waitingSince since when a QUEUED chat has waited for an agent; null when it is not waiting
 * @param agentName    the agent who has it, null while nobody has
 * @param context      what the visitor's side sent that an agent should see (label to value, in order)
 * @param transcript   the chat so far, imported bot history included where the platform shows it
 */
public record DeskChat(String platform, String id, DeskStatus status, Instant waitingSince, String agentName,
    String visitorName, Map<String, String> context, List<DeskLine> transcript) {

  public DeskChat {
    context = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(context));
    transcript = List.copyOf(transcript);
  }
}
