package io.baton.connector.zendesk.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.ActivityPayload;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import io.baton.events.PlatformActivity;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;

/**
 * SunCo's webhook events about a live handover as agent events. SunCo has no "agent assigned" event: the agent
 * joins with their first message (its author's name), since a successful passControl only means the ticket exists.
 * A business message is the agent's under the connection's {@code agentMessages} rule; Baton's own posts (marked in
 * metadata) never are. Control coming back (passControl or releaseControl, reason {@code ticketClosed} or
 * {@code transferToEmail}) ends the chat by the agent with that reason; a {@code switchboard:passControl:failure}
 * fails the handover with Zendesk's message.
 */
final class SuncoAgentEvents {
  private SuncoAgentEvents() {}

  static ChatWrite of(Chat<SuncoChat> chat, SuncoSettings settings, PlatformActivity activity) {
    JsonNode event = ActivityPayload.json(activity);
    if (event == null) {
      return null; // proven by the webhook's secret but unreadable: nothing to act on
    }
    String id = activity.getPlatformEventId();
    JsonNode payload = event.path("payload");
    return switch (event.path("type").asText()) {
      case "conversation:message" -> message(chat, settings, id, payload.path("message"));
      case "conversation:typing" -> typing(id, payload.path("activity"));
      case "switchboard:passControl" -> control(chat, id, payload, false);
      case "switchboard:releaseControl" -> control(chat, id, payload, true);
      case "switchboard:passControl:failure" -> {
        JsonNode error = payload.path("error");
        String why = error.path("message").asText(error.path("code").asText("unknown error"));
        yield ChatWrite.event(id, chat.failedByPlatform("Zendesk refused the handover: " + why));
      }
      default -> null;
    };
  }

  /** A {@code switchboard:passControl} that made the Agent Workspace active (not control coming back). */
  static boolean passedToWorkspace(PlatformActivity activity) {
    JsonNode event = ActivityPayload.json(activity);
    return event != null && "switchboard:passControl".equals(event.path("type").asText())
        && event.path("payload").path("reason").asText("").isEmpty()
        && SuncoEscalation.AGENT_WORKSPACE.equals(event.path("payload").path("conversation")
            .path("activeSwitchboardIntegration").path("integrationType").asText());
  }

  /** Whether a business message is the agent's, by the connection's rule. */
  static boolean agents(SuncoSettings settings, JsonNode message) {
    if (!"business".equals(message.path("author").path("type").asText()) || SuncoMessages.ours(message)) {
      return false;
    }
    String source = settings.agentSource();
    return source == null || source.equals(message.path("source").path("type").asText());
  }

  private static ChatWrite message(Chat<SuncoChat> chat, SuncoSettings settings, String id, JsonNode message) {
    if (!agents(settings, message)) {
      return null;
    }
    SuncoChat sunco = chat.state();
    String name = message.path("author").path("displayName").asText("Agent");
    JsonNode content = message.path("content");
    List<Attachment> attachments = new ArrayList<>();
    String type = content.path("type").asText();
    if (type.equals("image") || type.equals("file")) {
      String url = content.path("mediaUrl").asText();
      String file = url.substring(url.lastIndexOf('/') + 1);
      attachments.add(new Attachment(url, content.path("altText").asText(file),
          content.path("mediaType").asText(type.equals("image") ? "image/*" : "application/octet-stream"),
          content.path("mediaSize").asLong(0)));
    } else if (!type.equals("text")) {
      return null; // carousels, forms, locations: nothing the widget shows
    }
    AgentMessage body = new AgentMessage(content.path("text").asText(""), name, attachments);
    if (sunco.agentJoined && name.equals(sunco.agentName)) {
      return ChatWrite.event(id, body);
    }
    boolean another = sunco.agentJoined;
    sunco.agentJoined = true;
    sunco.agentName = name;
    // Another agent writing in the same ticket took it over (a reassignment in the Agent Workspace).
    return ChatWrite.event(id + "-joined", another ? new ChatTransferred(name, null) : new AgentJoined(name, null))
        .and(id, body);
  }

  private static ChatWrite typing(String id, JsonNode activity) {
    if (!"business".equals(activity.path("author").path("type").asText())) {
      return null;
    }
    String type = activity.path("type").asText();
    return type.equals("typing:start") ? ChatWrite.event(id, new AgentTyping(true))
        : type.equals("typing:stop") ? ChatWrite.event(id, new AgentTyping(false)) : null;
  }

  private static ChatWrite control(Chat<SuncoChat> chat, String id, JsonNode payload, boolean released) {
    String reason = payload.path("reason").asText("");
    JsonNode active = payload.path("conversation").path("activeSwitchboardIntegration");
    if (!released && reason.isEmpty()
        && SuncoEscalation.AGENT_WORKSPACE.equals(active.path("integrationType").asText())) {
      return null; // our own passControl, confirmed
    }
    String why = !reason.isEmpty() ? reason : released ? "controlReleased"
        : "controlPassedTo:" + active.path("name").asText(active.path("integrationType").asText("?"));
    SpecificRecord ended = chat.endedByPlatform(EndedBy.agent, why);
    return ended == null ? null : ChatWrite.event(id, ended);
  }
}
