package io.baton.connector.misc.freshchat;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.webhooks.ActivityPayload;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import io.baton.events.PlatformActivity;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;

/**
 * Freshchat's webhook events about a live handover as agent events.
 * <ul>
 * <li>{@code message_create}: a message not from the user (ours) and not private (a note for agents, or the bot
 * agent's transcript) is the agent's, in any of the three payload shapes ({@link FreshchatMessageParts}); the first
 * from an agent while none is assigned also says who joined (the message outran its assignment).
 * <li>{@code conversation_assignment}: to an agent, joined (none before) or transferred (another before); to no
 * agent (only a group), the agent left and the chat waits in the queue again.
 * <li>{@code conversation_resolution}: the agent ended it (our own resolve's echo is not relayed).
 * <li>{@code conversation_reopen}: nothing. The chat ended for Baton at the resolution (the visitor was told); a
 * reopened conversation is Freshchat's follow-up, not this handover, whose events are dropped from then on.
 * </ul>
 */
final class FreshchatAgentEvents {
  private final Function<String, CompletableFuture<String>> names;
  private final String botAgentId;

  /** @param names an agent's name by id; {@code botAgentId} the agent the bot's lines are posted as, or null */
  FreshchatAgentEvents(Function<String, CompletableFuture<String>> names, String botAgentId) {
    this.names = names;
    this.botAgentId = botAgentId;
  }

  CompletableFuture<ChatWrite> of(Chat<FreshchatChat> chat, PlatformActivity activity) {
    JsonNode event = ActivityPayload.json(activity);
    if (event == null) {
      return done(null);
    }
    String id = activity.getPlatformEventId();
    JsonNode data = event.path("data");
    return switch (event.path("action").asText("")) {
      case "message_create" -> message(chat.state(), id, event.path("actor"), data.path("message"));
      case "conversation_assignment" -> assignment(chat.state(), id, data.path("assignment"));
      case "conversation_resolution" -> {
        SpecificRecord ended = chat.endedByPlatform(EndedBy.agent, "resolved");
        yield done(ended == null ? null : ChatWrite.event(id, ended));
      }
      default -> done(null);
    };
  }

  private CompletableFuture<ChatWrite> message(FreshchatChat fc, String id, JsonNode actor, JsonNode message) {
    String actorType = message.path("actor_type").asText(actor.path("actor_type").asText(""));
    String actorId = message.path("actor_id").asText(actor.path("actor_id").asText(""));
    if (actorType.equals("user") || FreshchatMessageParts.isPrivate(message)
        || actorId.equals(botAgentId)) {
      return done(null);
    }
    FreshchatMessageParts.Content content = FreshchatMessageParts.read(message);
    if (content.isEmpty()) {
      return done(null);
    }
    if (!actorType.equals("agent")) {
      // Freshchat's own bot or system lines (an away message) reach a visitor of its widget too.
      return done(ChatWrite.event(id, new AgentMessage(content.text(), null, content.attachments())));
    }
    if (actorId.equals(fc.agentId)) {
      return done(ChatWrite.event(id, new AgentMessage(content.text(), fc.agentName, content.attachments())));
    }
    return names.apply(actorId).thenApply(name -> {
      AgentMessage said = new AgentMessage(content.text(), name, content.attachments());
      if (fc.agentId != null) {
        return ChatWrite.event(id, said); // a colleague answering in the assigned agent's conversation
      }
      fc.agentId = actorId;
      fc.agentName = name;
      return ChatWrite.event(id + "-joined", new AgentJoined(name, actorId)).and(id, said);
    });
  }

  private CompletableFuture<ChatWrite> assignment(FreshchatChat fc, String id, JsonNode assignment) {
    String to = text(assignment.path("to_agent_id"));
    if (to == null) {
      if (fc.agentId == null) {
        return done(null); // assigned to a group only (ours at the opening): still queued
      }
      String left = fc.agentName;
      fc.agentId = null;
      fc.agentName = null;
      return done(ChatWrite.event(id, new AgentLeft(left)).and(id + "-queued", new ChatQueued(null, null)));
    }
    if (to.equals(fc.agentId)) {
      return done(null); // a repeat, or the assignment a message of the agent already announced
    }
    boolean fromQueue = fc.agentId == null;
    return names.apply(to).thenApply(name -> {
      fc.agentId = to;
      fc.agentName = name;
      return ChatWrite.event(id, fromQueue ? new AgentJoined(name, to) : new ChatTransferred(name, to));
    });
  }

  private static String text(JsonNode node) {
    return node.isMissingNode() || node.isNull() || node.asText().isEmpty() ? null : node.asText();
  }

  private static CompletableFuture<ChatWrite> done(ChatWrite write) {
    return CompletableFuture.completedFuture(write);
  }
}
