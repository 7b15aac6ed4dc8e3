package io.baton.connector.dixa;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One handover to Dixa as kept in the links topic. The handover is a chain of steps, each recorded in the link once
 * Dixa accepted it, so a connector that died between two steps goes on from the last one recorded (the conversation
 * is imported with the handover id as its {@code externalId}: a retried import is refused as a duplicate, and the
 * conversation is looked up instead of created twice).
 */
final class DixaChat {
  /** The steps in order; the chat is live from {@link #DONE}. */
  enum Step { NEW, END_USER, CREATED, QUEUED, DONE }

  final String tenant;
  final String conversationId;
  final String handoverId;
  /** The connection (its token, rate limit and webhook subscription). */
  final String connection;
  volatile Step step;
  volatile String endUserId;
  /** Dixa's conversation id (csid), once created. */
  volatile long csid = -1;
  volatile boolean ended;
  /** We are closing it (EndChat): the close webhook that follows is not the agent's. */
  volatile boolean ending;
  volatile String agentName;
  /** Completes once the handover is live ({@link Step#DONE}): webhook events of the chat wait for it. */
  final CompletableFuture<Void> live = new CompletableFuture<>();
  /** Link writes one after another, so a later state never lands before an earlier one. */
  CompletableFuture<Void> writes = CompletableFuture.completedFuture(null);

  DixaChat(String tenant, String conversationId, String handoverId, String connection) {
    this.tenant = tenant;
    this.conversationId = conversationId;
    this.handoverId = handoverId;
    this.connection = connection;
    this.step = Step.NEW;
  }

  String key() {
    return tenant + "/" + conversationId;
  }

  PlatformLink toLink() {
    Map<String, String> state = new HashMap<>();
    state.put("step", step.name());
    state.put("connection", connection);
    if (endUserId != null) {
      state.put("endUserId", endUserId);
    }
    if (csid >= 0) {
      state.put("csid", Long.toString(csid));
    }
    if (agentName != null) {
      state.put("agentName", agentName);
    }
    return PlatformLink.newBuilder().setTenant(tenant).setConversationId(conversationId).setPlatform(Platform.dixa)
        .setHandoverId(handoverId).setConnectionId(connection).setState(state).setEnded(ended)
        .setUpdatedAt(Instant.now()).build();
  }

  static DixaChat fromLink(PlatformLink link) {
    Map<String, String> s = link.getState();
    DixaChat chat = new DixaChat(link.getTenant(), link.getConversationId(), link.getHandoverId(),
        s.getOrDefault("connection", DixaConfig.DEFAULT_CONNECTION));
    chat.step = Step.valueOf(s.getOrDefault("step", Step.NEW.name()));
    chat.endUserId = s.get("endUserId");
    chat.csid = s.containsKey("csid") ? Long.parseLong(s.get("csid")) : -1;
    chat.agentName = s.get("agentName");
    chat.ended = link.getEnded();
    return chat;
  }

  @Override
  public String toString() {
    return "DixaChat[" + key() + ", handover " + handoverId + ", csid " + csid + ", " + step + "]";
  }
}
