package io.baton.sandbox.liveagent;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;

/**
 * One visitor ("Chasitor") session created by {@code System/SessionId}; guarded by the simulator's lock.
 * The key is a secret: it is only ever compared, never logged or put in a snapshot.
 */
final class ChasitorSession {
  /** No POST processed yet, so any sequence counts as new. */
  static final long NO_SEQUENCE = Long.MIN_VALUE;

  final String id;
  final String key;
  /** Changes when Salesforce moves the session (a 503 affinity change); the old token then gets 503. */
  String affinityToken;
  /** Tokens this session had before affinity changes: they reach a server without the session, which says 503. */
  final java.util.Set<String> retiredAffinities = new java.util.HashSet<>();
  /** An affinity change happened and the visitor has not called ReconnectSession yet. */
  boolean awaitingReconnect;

  /**
   * ReconnectSession queued ChasitorSessionData and no poll has carried it yet: the documentation says nothing may be
   * sent until the visitor processed it, so a POST now is dropped.
   */
  boolean sessionDataPending;
  /** Whether a ReconnectSession happened (ChasitorResyncState is for after one). */
  boolean reconnected;
  /** ChasitorResyncState requests taken. */
  int resyncs;
  /** POSTs answered as taken but not applied (a stale sequence, or sent before ChasitorSessionData). */
  int dropped;
  /** The agent's open FileTransfer request: its token, or null. */
  String fileToken;

  /** Highest X-LIVEAGENT-SEQUENCE of a processed POST; a POST at or below it is a duplicate. */
  long lastSequence = NO_SEQUENCE;

  /** Sent but not yet acknowledged messages, oldest first. */
  final Deque<OutboundMessage> outbox = new ArrayDeque<>();
  long nextMessageSequence = 1;

  /** The poll being held open (at most one: a second one is a 409). */
  CompletableFuture<ChasitorResponse> heldPoll;
  ScheduledFuture<?> holdTimer;
  /** When the visitor was last seen polling; the idle timeout counts from here while no poll is held. */
  long lastPollNanos;

  ChatState chat;
  /** ChatRequestSuccess went out in a poll response: from then on the visitor may send chat requests. */
  boolean requestSuccessDelivered;
  boolean closed;

  ChasitorSession(String id, String key, String affinityToken, long nowNanos) {
    this.id = id;
    this.key = key;
    this.affinityToken = affinityToken;
    this.lastPollNanos = nowNanos;
  }

  void enqueue(String type, Map<String, Object> message) {
    outbox.addLast(new OutboundMessage(nextMessageSequence++, type, message));
  }

  /** {@code ack=N}: the visitor got everything up to N, so it is not sent again. */
  void acknowledge(long ack) {
    while (!outbox.isEmpty() && outbox.peekFirst().sequence() <= ack) {
      outbox.removeFirst();
    }
  }

  /**
   * The 200 answer to a poll: every unacknowledged message. They stay in the outbox until acked,
   * so a client that lost this response gets them again.
   */
  ChasitorResponse messagesResponse() {
    List<Map<String, Object>> messages = new ArrayList<>();
    long last = 0;
    for (OutboundMessage m : outbox) {
      messages.add(Json.object("type", m.type(), "message", m.message()));
      last = m.sequence();
      if ("ChatRequestSuccess".equals(m.type())) {
        requestSuccessDelivered = true;
      }
      if ("ChasitorSessionData".equals(m.type())) {
        sessionDataPending = false;
      }
    }
    // offset is kept by clients for ReconnectSession; this simulator numbers it like sequence.
    return ChasitorResponse.json(Json.object("messages", messages, "sequence", last, "offset", last));
  }
}
