package io.baton.connector.salesforce.liveagent;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * One visitor-side ("Chasitor") Live Agent session, as kept in the links topic. The session key is a secret: it is
 * stored in the link (that is how a chat survives a restart) but never logged ({@link #toString} leaves it out).
 */
final class LiveAgentSession {
  final String tenant;
  final String conversationId;
  final String handoverId;
  final String restUrl;
  final String sessionId;
  final String key;
  volatile String affinity;
  /** The last X-LIVEAGENT-SEQUENCE used, and by which command, so a replayed command reuses its number. */
  long sequence;
  String lastCommandId;
  /** The Messages ack to send next. */
  volatile long ack = -1;
  volatile boolean established;
  volatile boolean ended;
  /** Completes at ChatRequestSuccess: Live Agent answers 500 to other requests before it. */
  final java.util.concurrent.CompletableFuture<Void> requestAccepted = new java.util.concurrent.CompletableFuture<>();

  LiveAgentSession(String tenant, String conversationId, String handoverId, String restUrl, String sessionId, String key,
      String affinity) {
    this.tenant = tenant;
    this.conversationId = conversationId;
    this.handoverId = handoverId;
    this.restUrl = restUrl;
    this.sessionId = sessionId;
    this.key = key;
    this.affinity = affinity;
  }

  String conversationKey() {
    return tenant + "/" + conversationId;
  }

  /** The sequence number for a command: the same number again if this command was already sent (a replay). */
  synchronized long sequenceFor(String commandId) {
    if (!commandId.equals(lastCommandId)) {
      sequence++;
      lastCommandId = commandId;
    }
    return sequence;
  }

  synchronized PlatformLink toLink() {
    Map<String, String> state = new HashMap<>();
    state.put("restUrl", restUrl);
    state.put("sessionId", sessionId);
    state.put("key", key);
    state.put("affinity", affinity);
    state.put("sequence", Long.toString(sequence));
    if (lastCommandId != null) {
      state.put("lastCommandId", lastCommandId);
    }
    state.put("ack", Long.toString(ack));
    state.put("established", Boolean.toString(established));
    state.put("accepted", Boolean.toString(requestAccepted.isDone()));
    return PlatformLink.newBuilder().setTenant(tenant).setConversationId(conversationId).setPlatform(Platform.salesforce)
        .setHandoverId(handoverId).setState(state).setEnded(ended).setUpdatedAt(Instant.now()).build();
  }

  static LiveAgentSession fromLink(PlatformLink link) {
    Map<String, String> s = link.getState();
    LiveAgentSession session = new LiveAgentSession(link.getTenant(), link.getConversationId(), link.getHandoverId(),
        s.get("restUrl"), s.get("sessionId"), s.get("key"), s.get("affinity"));
    session.sequence = Long.parseLong(s.getOrDefault("sequence", "0"));
    session.lastCommandId = s.get("lastCommandId");
    session.ack = Long.parseLong(s.getOrDefault("ack", "-1"));
    session.established = Boolean.parseBoolean(s.getOrDefault("established", "false"));
    session.ended = link.getEnded();
    if (Boolean.parseBoolean(s.getOrDefault("accepted", "false"))) {
      session.requestAccepted.complete(null);
    }
    return session;
  }

  @Override
  public String toString() {
    return "LiveAgentSession[" + conversationKey() + ", session " + sessionId + "]";
  }
}
