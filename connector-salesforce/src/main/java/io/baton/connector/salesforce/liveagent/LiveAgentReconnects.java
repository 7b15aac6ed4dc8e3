package io.baton.connector.salesforce.liveagent;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.chats.Chat;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Live Agent's affinity change (503), as the REST guide orders it: cancel, {@code System/ReconnectSession} (new
 * affinity token, the sequence reset), poll until {@code ChasitorSessionData}, {@code ChasitorResyncState}, then send
 * what was interrupted. The session's barrier ({@link LiveAgentSession#barrier}) is closed from the first 503 to the
 * end of that, so no sequenced request leaves in between.
 */
final class LiveAgentReconnects {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentReconnects.class);

  private final PlatformCalls calls;
  private final LiveAgentClient client;

  LiveAgentReconnects(PlatformCalls calls, LiveAgentClient client) {
    this.calls = calls;
    this.client = client;
  }

  /**
   * One ReconnectSession per affinity change, however many requests hit the 503. The barrier closes first, so no
   * request leaves until the change is handled ({@link #sessionData}).
   */
  CompletableFuture<Void> reconnect(Chat<LiveAgentSession> chat, String staleAffinity) {
    LiveAgentSession session = chat.state();
    synchronized (session) {
      if (!session.affinity.equals(staleAffinity)) {
        return CompletableFuture.completedFuture(null); // another request already reconnected
      }
      session.closeBarrier(session.clientPollTimeout);
      if (session.reconnecting == null || session.reconnecting.isDone()) {
        log.info("{}: affinity changed, reconnecting", chat);
        session.reconnecting = calls.call(session.org, "ReconnectSession", () -> client.reconnectSession(session))
            .thenCompose(token -> {
              session.resetSequence(token);
              return chat.saveLink();
            });
      }
      return session.reconnecting;
    }
  }

  /**
   * ChasitorSessionData came in a poll made with the new affinity: the session is restored on its new server. The
   * visitor's state is resynced (ChasitorResyncState, documented for after a completed ReconnectSession, once the chat
   * exists), then the barrier opens and the interrupted and queued requests go, in order.
   */
  void sessionData(Chat<LiveAgentSession> chat) {
    LiveAgentSession session = chat.state();
    boolean chatExists = session.requestAccepted.isDone() && !session.requestAccepted.isCompletedExceptionally();
    CompletableFuture<Void> resync = !chatExists ? CompletableFuture.completedFuture(null)
        : calls.call(session.org, "ChasitorResyncState", () -> client.postUnsequenced(session,
            "Chasitor/ChasitorResyncState", Map.of("organizationId", session.org)));
    resync.whenComplete((x, e) -> {
      if (e != null) {
        log.warn("{}: ChasitorResyncState failed ({}); going on", chat, PlatformCalls.cause(e).getMessage());
      }
      session.openBarrier();
    });
  }
}
