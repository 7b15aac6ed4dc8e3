package io.baton.connector.dixa;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.ActivityPayload;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.PlatformActivity;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * Dixa's webhook events as agent events: an assignment is "agent joined", an unassignment "agent left" and queued again, a Member's
 * outbound message an agent message (the visitor's own messages come back too, and are not), typing, and a closed
 * (by the agent; not our own close's echo) or abandoned conversation ends the handover.
 */
final class DixaAgentEvents {
  private DixaAgentEvents() {}

  static ChatWrite of(Chat<DixaChat> chat, PlatformActivity activity) {
    JsonNode event = ActivityPayload.json(activity);
    if (event == null) {
      return null; // signed by Dixa but unreadable: nothing to act on
    }
    String fqn = event.path("event_fqn").asText();
    if (fqn.equals("CONVERSATION_UNASSIGNED")) {
      // The conversation is back in its queue, waiting for another agent: the visitor is told, as at first.
      return ChatWrite.events(List.of(new ChatWrite.Event(activity.getPlatformEventId(),
          new AgentLeft(chat.state().agentName)),
          new ChatWrite.Event(activity.getPlatformEventId() + "-queued",
              new ChatQueued(null, null))));
    }
    SpecificRecord body = map(chat, fqn, event.path("data"));
    return body == null ? null : ChatWrite.event(activity.getPlatformEventId(), body);
  }

  private static SpecificRecord map(Chat<DixaChat> chat, String fqn, JsonNode data) {
    DixaChat dixa = chat.state();
    return switch (fqn) {
      case "CONVERSATION_ASSIGNED" -> {
        JsonNode assignee = data.path("assignee");
        dixa.agentName = assignee.path("name").asText("Agent");
        yield new AgentJoined(dixa.agentName, textOrNull(assignee, "id"));
      }
      case "CONVERSATION_MESSAGE_ADDED" -> message(data);
      case "TYPING_STARTED" -> new AgentTyping(true);
      case "CONVERSATION_CLOSED" -> chat.endedByPlatform(EndedBy.agent, "closed");
      case "CONVERSATION_ABANDONED" -> chat.endedByPlatform(EndedBy.visitor, "abandoned");
      default -> null;
    };
  }

  private static SpecificRecord message(JsonNode data) {
    JsonNode author = data.path("author");
    if (!"Member".equals(author.path("user_type").asText()) || !"outbound".equals(data.path("direction").asText())) {
      return null;
    }
    List<Attachment> attachments = new ArrayList<>();
    for (JsonNode a : data.path("attachments")) {
      String url = a.path("url").asText();
      attachments.add(new Attachment(url, a.path("prettyName").asText(url.substring(url.lastIndexOf('/') + 1)),
          "application/octet-stream", 0L));
    }
    String text = data.path("content").path("text").asText(data.path("text").asText(""));
    return new AgentMessage(text, textOrNull(author, "name"), attachments);
  }

  private static String textOrNull(JsonNode node, String field) {
    JsonNode v = node.get(field);
    return v == null || v.isNull() || v.asText().isEmpty() ? null : v.asText();
  }
}
