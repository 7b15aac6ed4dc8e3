package io.baton.sandbox.sunco;

import io.baton.sandbox.kit.DeskStatus;
import java.util.List;
import java.util.Map;

/**
 * A messaging ticket the Agent Workspace opened for a conversation, as tests read it.
 *
 * @param historyMessageIds the conversation's messages the ticket shows from before it opened
 * @param ticketFields      {@code dataCapture.ticketField.<id>} values by field id
 */
public record AgentTicket(String id, String conversationId, DeskStatus status, String agentName,
    String requesterName, String requesterEmail, Long groupId, List<String> tags, Map<String, String> ticketFields,
    List<String> historyMessageIds) {}
