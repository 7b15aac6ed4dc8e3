package io.baton.ingress.conversation;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.AgentJoined;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.ingress.auth.Access;
import io.baton.ingress.gateway.ConversationLog;
import io.baton.ingress.http.Json;
import io.baton.ingress.http.Problem;
import io.baton.topics.ConversationKey;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.util.List;

/**
 * {@code GET /v1/conversations/{id}}: who is in control, status, platform, queue position, the current agent, derived
 * from the conversation log the widget gateway already reads (so it is as fresh as the event streams). 404 for a
 * conversation with no events in this instance's retained window.
 */
public final class ConversationStateEndpoint implements Handler {
  private final ConversationLog log;

  public ConversationStateEndpoint(ConversationLog log) {
    this.log = log;
  }

  @Override
  public void handle(Context ctx) {
    ConversationKey key = Access.conversation(ctx, Access.Need.VISITOR);
    List<ConversationEvent> events = log.recent(key.toString());
    if (events.isEmpty()) {
      throw Problem.plain(404, "Not Found", "no events of conversation " + key.conversationId() + " are known")
          .exception();
    }
    ctx.contentType("application/json").result(Json.write(state(key, events)));
  }

  static ObjectNode state(ConversationKey key, List<ConversationEvent> events) {
    ConversationEvent last = events.get(events.size() - 1);
    ObjectNode o = Json.object();
    o.put("conversationId", key.conversationId());
    o.put("controller", last.getController().name());
    o.put("status", last.getStatus().name());
    putNullable(o, "platform", last.getPlatform() == null ? null : last.getPlatform().name());
    putNullable(o, "handoverId", last.getHandoverId());
    o.put("lastSequence", last.getSequence());
    o.put("updatedAt", last.getOccurredAt().toString());
    ChatQueued queued = null;
    String agent = null;
    ChatEnded ended = null;
    for (ConversationEvent e : events) {
      Object b = e.getBody();
      if (b instanceof ChatQueued) {
        queued = (ChatQueued) b;
      } else if (b instanceof AgentJoined) {
        agent = ((AgentJoined) b).getAgentName();
      } else if (b instanceof ChatTransferred) {
        agent = ((ChatTransferred) b).getAgentName();
      } else if (b instanceof ChatEnded) {
        ended = (ChatEnded) b;
      }
    }
    ObjectNode queue = o.putObject("queue");
    boolean inQueue = last.getStatus() == ConversationStatus.queued && queued != null;
    if (inQueue && queued.getPosition() != null) {
      queue.put("position", queued.getPosition());
    } else {
      queue.putNull("position");
    }
    if (inQueue && queued.getEstimatedWaitSeconds() != null) {
      queue.put("estimatedWaitSeconds", queued.getEstimatedWaitSeconds());
    } else {
      queue.putNull("estimatedWaitSeconds");
    }
    putNullable(o, "agentName", last.getStatus() == ConversationStatus.agent_connected ? agent : null);
    if (ended != null) {
      ObjectNode end = o.putObject("lastChatEnded");
      end.put("endedBy", ended.getEndedBy().name());
      putNullable(end, "reason", ended.getReason());
    } else {
      o.putNull("lastChatEnded");
    }
    return o;
  }

  private static void putNullable(ObjectNode o, String name, String value) {
    if (value == null) {
      o.putNull(name);
    } else {
      o.put(name, value);
    }
  }
}
