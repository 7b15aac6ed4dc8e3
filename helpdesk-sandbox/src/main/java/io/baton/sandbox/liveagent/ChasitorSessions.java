package io.baton.sandbox.liveagent;

import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The visitors' sessions: opened by System/SessionId, found by key and affinity token, moved (affinity change) and
 * reconnected, deleted, expired on demand or when the visitor stops polling. Guarded by the simulator's lock: every
 * method but {@link #sweepIdle} is called with it held; what must happen after it is released goes to
 * {@code deliveries}.
 */
final class ChasitorSessions {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentSimulator.class);

  private final Object lock;
  private final ChasitorMailbox mailbox;
  private final ButtonQueues queues;
  private final int clientPollTimeoutSeconds;
  private final Duration sessionTimeout;
  private final SecureRandom random = new SecureRandom();
  private final Map<String, ChasitorSession> sessionsByKey = new LinkedHashMap<>();

  ChasitorSessions(Object lock, ChasitorMailbox mailbox, ButtonQueues queues, int clientPollTimeoutSeconds,
      Duration sessionTimeout) {
    this.lock = lock;
    this.mailbox = mailbox;
    this.queues = queues;
    this.clientPollTimeoutSeconds = clientPollTimeoutSeconds;
    this.sessionTimeout = sessionTimeout;
  }

  /** A new session's id, key and affinity token; the caller adds it with {@link #add} under the lock. */
  ChasitorSession create() {
    String id = UUID.randomUUID().toString();
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    String key = id + "!" + System.currentTimeMillis() + "!" + HexFormat.of().formatHex(secret);
    return new ChasitorSession(id, key, newAffinityToken(), System.nanoTime());
  }

  /** GET System/SessionId: the session is open. */
  ChasitorResponse add(ChasitorSession session) {
    sessionsByKey.put(session.key, session);
    return ChasitorResponse.json(Json.object("id", session.id, "key", session.key, "affinityToken",
        session.affinityToken, "clientPollTimeout", String.valueOf(clientPollTimeoutSeconds)));
  }

  private String newAffinityToken() {
    return HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(), (byte) random.nextInt(),
        (byte) random.nextInt(), (byte) random.nextInt()});
  }

  /** Every session, live: for shutdown (iterate it with the lock held). */
  Collection<ChasitorSession> all() {
    return sessionsByKey.values();
  }

  /** The open session with this key and affinity token; null when there is none (a 403). */
  ChasitorSession session(String key, String affinity) {
    ChasitorSession session = key == null ? null : sessionsByKey.get(key);
    // A wrong affinity token routes to a server that does not know the session: treated as invalid.
    if (session == null || session.closed || !session.affinityToken.equals(affinity)) {
      return null;
    }
    return session;
  }

  /**
   * A request with a token of a session that moved: 503. Until ReconnectSession even the new token gets 503 (the
   * session is not restored on its new server yet); afterwards only the old tokens do.
   */
  boolean moved(String key, String affinity) {
    ChasitorSession session = key == null ? null : sessionsByKey.get(key);
    return session != null && !session.closed && (session.retiredAffinities.contains(affinity)
        || (session.awaitingReconnect && affinity.equals(session.affinityToken)));
  }

  /** GET System/ReconnectSession (see {@link LiveAgentSimulator#reconnectSession}). */
  ChasitorResponse reconnect(String key, String affinity, long offset, List<Runnable> deliveries) {
    ChasitorSession session = key == null ? null : sessionsByKey.get(key);
    if (session == null || session.closed || !(affinity.equals(session.affinityToken)
        || session.retiredAffinities.contains(affinity))) {
      return ChasitorResponse.sessionInvalid();
    }
    session.awaitingReconnect = false;
    // resetSequence: the numbering starts again at 1 (a request numbered 0 or less is not new).
    session.lastSequence = 0;
    session.sessionDataPending = true;
    session.reconnected = true;
    ChatState chat = session.chat;
    List<Map<String, Object>> chatMessages = chat == null ? List.of() : chat.transcript.stream()
        .map(l -> Json.object("type", l.from().equals(TranscriptLine.AGENT) ? "Agent" : "Chasitor",
            "content", l.text(), "timestamp", l.at().toEpochMilli()))
        .toList();
    mailbox.send(session, "ChasitorSessionData", Json.object(
        "queuePosition", chat == null ? 0 : chat.queuePosition,
        "geoLocation", Json.object(),
        "url", "",
        "oref", "",
        "postChatUrl", "",
        "sneakPeekEnabled", false,
        "chatFormattedText", "",
        "chatMessages", chatMessages), deliveries);
    log.info("Live Agent session {} reconnected (offset {})", session.id, offset);
    return ChasitorResponse.json(Json.object("messages", List.of(Json.object("type", "ReconnectSession",
        "message", Json.object("resetSequence", true, "affinityToken", session.affinityToken)))));
  }

  /** DELETE System/SessionId/{key}: the visitor leaves; an open chat ends by the visitor. */
  ChasitorResponse delete(String key, String affinity, List<Runnable> deliveries) {
    ChasitorSession session = session(key, affinity);
    if (session == null) {
      return ChasitorResponse.sessionInvalid();
    }
    if (session.chat != null && session.chat.isOpen()) {
      queues.end(session.chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
    }
    close(session, ChasitorResponse.sessionInvalid(), deliveries);
    log.info("Live Agent session {} deleted by the visitor", session.id);
    return ChasitorResponse.ok();
  }

  /** Fault: the chat's session expires at once (see {@link LiveAgentSimulator#expireSession}). */
  void expire(ChatState chat, List<Runnable> deliveries) {
    if (chat.isOpen()) {
      queues.end(chat, LiveAgentChat.ENDED_BY_TIMEOUT, deliveries);
    }
    close(chat.session, ChasitorResponse.sessionInvalid(), deliveries);
  }

  /** Fault: the session moves to another server (see {@link LiveAgentSimulator#changeAffinity}). */
  void changeAffinity(ChasitorSession session, List<Runnable> deliveries) {
    if (session.closed) {
      throw new ChatStateException("Session " + session.id + " is closed");
    }
    session.retiredAffinities.add(session.affinityToken);
    session.awaitingReconnect = true;
    session.affinityToken = newAffinityToken();
    if (session.heldPoll != null) {
      mailbox.answerHeldPoll(session, ChasitorResponse.affinityChanged(), deliveries);
    }
  }

  /** The session key stops working; a held poll gets {@code response}. */
  void close(ChasitorSession session, ChasitorResponse response, List<Runnable> deliveries) {
    session.closed = true;
    sessionsByKey.remove(session.key);
    mailbox.answerHeldPoll(session, response, deliveries);
    session.outbox.clear();
  }

  /** GET System/Messages?ack=N: answered now if anything is unacknowledged, else held. */
  CompletableFuture<ChasitorResponse> poll(String key, String affinity, long ack, List<Runnable> deliveries) {
    if (moved(key, affinity)) {
      return CompletableFuture.completedFuture(ChasitorResponse.affinityChanged());
    }
    ChasitorSession session = session(key, affinity);
    if (session == null) {
      return CompletableFuture.completedFuture(ChasitorResponse.sessionInvalid());
    }
    if (session.heldPoll != null) {
      // Documented: a duplicate long poll on the same session is a 409 and terminates the chat.
      ChasitorResponse conflict = ChasitorResponse.error(409, "Duplicate long poll: the chat is terminated");
      if (session.chat != null && session.chat.isOpen()) {
        queues.end(session.chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
      }
      close(session, conflict, deliveries);
      log.warn("Live Agent session {}: duplicate long poll, chat terminated", session.id);
      return CompletableFuture.completedFuture(conflict);
    }
    mailbox.acknowledge(session, ack);
    if (!session.outbox.isEmpty()) {
      return CompletableFuture.completedFuture(session.messagesResponse());
    }
    if (session.chat != null && !session.chat.isOpen()) {
      // The visitor acknowledged ChatEnded / ChatRequestFail: nothing more will come, the session is over.
      close(session, ChasitorResponse.sessionInvalid(), deliveries);
      return CompletableFuture.completedFuture(ChasitorResponse.sessionInvalid());
    }
    return mailbox.hold(session);
  }

  /** Whether a poll of this session is being held open right now. */
  boolean isPollHeld(String sessionId) {
    return sessionsByKey.values().stream().anyMatch(s -> s.id.equals(sessionId) && s.heldPoll != null);
  }

  /**
   * Sessions whose visitor stopped polling end with endedBy "timeout"; their keys then get 403. Run periodically;
   * takes the lock itself.
   */
  void sweepIdle() {
    List<Runnable> deliveries = new ArrayList<>();
    try {
      synchronized (lock) {
        long now = System.nanoTime();
        for (ChasitorSession session : List.copyOf(sessionsByKey.values())) {
          if (session.heldPoll == null && now - session.lastPollNanos > sessionTimeout.toNanos()) {
            if (session.chat != null && session.chat.isOpen()) {
              queues.end(session.chat, LiveAgentChat.ENDED_BY_TIMEOUT, deliveries);
              log.info("Live Agent chat {} timed out: the visitor stopped polling", session.id);
            }
            close(session, ChasitorResponse.sessionInvalid(), deliveries);
          }
        }
      }
    } catch (RuntimeException e) {
      // Never let one failure cancel the periodic sweep.
      log.error("Live Agent idle sweep failed", e);
    }
    deliveries.forEach(Runnable::run);
  }
}
