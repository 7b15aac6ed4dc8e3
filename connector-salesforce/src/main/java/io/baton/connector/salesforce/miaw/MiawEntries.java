package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.Chat;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;

/**
 * A MIAW SSE event (or a conversation entry read back by a backfill) as an agent event:
 * {@code CONVERSATION_ROUTING_RESULT} becomes {@code ChatQueued} (or {@code HandoverFailed}),
 * {@code CONVERSATION_PARTICIPANT_CHANGED} (an agent) {@code AgentJoined}/{@code AgentLeft}, or {@code ChatTransferred}
 * when one entry removes an agent and adds another, {@code CONVERSATION_MESSAGE} from the agent {@code AgentMessage}
 * (its files as attachments), typing indicators {@code AgentTyping}, {@code CONVERSATION_CLOSE_CONVERSATION}
 * {@code ChatEnded} (unless we closed it). An event with a conversation entry has the seed {@code entry-<identifier>},
 * so the same entry from the stream or from a backfill is the same agent event; others {@code sse-<eventId>}.
 */
final class MiawEntries {
  private MiawEntries() {}

  /** The entry types a backfill relays, as the SSE event type that carries them. */
  private static final Map<String, String> BACKFILLED =
      Map.of("Message", "CONVERSATION_MESSAGE", "ParticipantChanged", "CONVERSATION_PARTICIPANT_CHANGED");

  static String seed(MiawClient.Sse event) {
    String entryId = entryId(event);
    return entryId != null ? "entry-" + entryId : "sse-" + event.id();
  }

  /** The conversation entry's identifier, or null for an event without one (routing results, typing, close). */
  static String entryId(MiawClient.Sse event) {
    JsonNode id = MiawClient.parse(event.data()).path("conversationEntry").path("identifier");
    return id.isTextual() && !id.asText().isBlank() ? id.asText() : null;
  }

  /** When the entry was recorded (epoch ms; 0 when unknown). */
  static long entryAt(MiawClient.Sse event) {
    return MiawClient.parse(event.data()).path("conversationEntry").path("transcriptedTimestamp").asLong(0);
  }

  /** A listed entry as the event that would have carried it (id -1: no stream position), or null when not relayed. */
  static MiawClient.Sse fromEntry(String conversationId, JsonNode entry) {
    String type = BACKFILLED.get(entry.path("entryType").asText());
    if (type == null || !entry.path("identifier").isTextual()) {
      return null;
    }
    return new MiawClient.Sse(-1, type,
        MiawClient.JSON.createObjectNode().put("conversationId", conversationId).set("conversationEntry", entry)
            .toString());
  }

  /** An entry's payload: a JSON string in SSE events, possibly an object in listed entries. */
  private static JsonNode payload(JsonNode entry) {
    JsonNode payload = entry.path("entryPayload");
    return payload.isTextual() ? MiawClient.parse(payload.asText()) : payload;
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
        return participants(payload(entry).path("entries"));
      }
      case "CONVERSATION_MESSAGE" -> {
        if (entry.path("sender").path("role").asText().equals("EndUser")) {
          return null; // the echo of the visitor's own message
        }
        JsonNode content = payload(entry).path("abstractMessage").path("staticContent");
        List<Attachment> attachments = new ArrayList<>();
        for (JsonNode a : content.path("attachments")) {
          attachments.add(new Attachment(a.path("url").asText(), a.path("name").asText("attachment"),
              a.path("mimeType").asText("application/octet-stream"), a.path("contentLength").asLong(0)));
        }
        String name = entry.path("senderDisplayName").asText("");
        return new AgentMessage(content.path("text").asText(""), name.isEmpty() ? null : name, attachments);
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

  /** The agents' changes of one entry: a removal and an addition together are a transfer. */
  private static SpecificRecord participants(JsonNode changes) {
    JsonNode removed = null;
    JsonNode added = null;
    for (JsonNode change : changes) {
      if (!change.path("participant").path("role").asText().equals("Agent")) {
        continue;
      }
      if (change.path("operation").asText().equals("remove")) {
        removed = removed == null ? change : removed;
      } else if (added == null) {
        added = change;
      }
    }
    if (added != null) {
      String name = name(added);
      String id = added.path("participant").path("subject").asText(null);
      return removed != null ? new ChatTransferred(name, id) : new AgentJoined(name, id);
    }
    return removed == null ? null : new AgentLeft(name(removed));
  }

  private static String name(JsonNode change) {
    return change.path("displayName").asText(change.path("participant").path("displayName").asText("Agent"));
  }
}
