package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.Chat;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * A MIAW SSE event as an agent event: {@code CONVERSATION_ROUTING_RESULT} becomes {@code ChatQueued} (or
 * {@code HandoverFailed}), {@code CONVERSATION_PARTICIPANT_CHANGED} (an agent) {@code AgentJoined}/{@code AgentLeft},
 * {@code CONVERSATION_MESSAGE} from the agent {@code AgentMessage}, typing indicators {@code AgentTyping},
 * {@code CONVERSATION_CLOSE_CONVERSATION} {@code ChatEnded} (unless we closed it). Its seed is {@code sse-<eventId>}.
 */
final class MiawEntries {
  private MiawEntries() {}

  static String seed(MiawClient.Sse event) {
    return "sse-" + event.id();
  }

  /** The agent event, or null when the event tells the visitor nothing. */
  static SpecificRecord toAgentEvent(Chat<MiawConversation> chat, MiawClient.Sse event) {
    JsonNode data = MiawClient.parse(event.data());
    JsonNode entry = data.path("conversationEntry");
    switch (event.type()) {
      case "CONVERSATION_ROUTING_RESULT" -> {
        JsonNode result = data.path("routingResult");
        String failure = result.path("failureType").asText("None");
        if (!failure.equals("None")) {
          return chat.failedByPlatform("MIAW could not route the conversation: " + failure);
        }
        JsonNode wait = result.path("estimatedWaitTime");
        return new ChatQueued(wait.hasNonNull("positionInQueue") ? wait.get("positionInQueue").asInt() : null,
            wait.hasNonNull("estimatedWaitTimeInSeconds") ? wait.get("estimatedWaitTimeInSeconds").asInt() : null);
      }
      case "CONVERSATION_PARTICIPANT_CHANGED" -> {
        for (JsonNode change : MiawClient.parse(entry.path("entryPayload").asText()).path("entries")) {
          JsonNode participant = change.path("participant");
          if (!participant.path("role").asText().equals("Agent")) {
            continue;
          }
          String name = change.path("displayName").asText(participant.path("displayName").asText("Agent"));
          return change.path("operation").asText().equals("remove") ? new AgentLeft(name)
              : new AgentJoined(name, participant.path("subject").asText(null));
        }
        return null;
      }
      case "CONVERSATION_MESSAGE" -> {
        if (entry.path("sender").path("role").asText().equals("EndUser")) {
          return null; // the echo of the visitor's own message
        }
        String text = MiawClient.parse(entry.path("entryPayload").asText()).path("abstractMessage")
            .path("staticContent").path("text").asText();
        String name = entry.path("senderDisplayName").asText("");
        return new AgentMessage(text, name.isEmpty() ? null : name, List.of());
      }
      case "CONVERSATION_TYPING_STARTED_INDICATOR", "CONVERSATION_TYPING_STOPPED_INDICATOR" -> {
        if (entry.path("sender").path("role").asText().equals("EndUser")) {
          return null;
        }
        return new AgentTyping(event.type().equals("CONVERSATION_TYPING_STARTED_INDICATOR"));
      }
      case "CONVERSATION_CLOSE_CONVERSATION" -> {
        return chat.endedByPlatform(EndedBy.agent, "closed");
      }
      default -> {
        return null; // delivery and read acknowledgements: nothing for the visitor
      }
    }
  }
}
