package io.baton.connector.salesforce.liveagent;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.CompletableFuture;

/**
 * One visitor-side ("Chasitor") Live Agent session: the platform state of a chat, kept in the links topic through
 * {@link LiveAgentLinkCodec}. The session key is a secret: it is stored in the link (that is how a chat survives a
 * restart) but never logged ({@link #toString} leaves it out).
 */
final class LiveAgentSession {
  final String restUrl;
  /** The org id: the key of the per-connection rate limit. */
  final String org;
  final String sessionId;
  final String key;
  final Duration clientPollTimeout;
  volatile String affinity;
  /** The last X-LIVEAGENT-SEQUENCE used. */
  long sequence;
  /**
   * The sequence numbers of the latest commands, so a command Kafka delivers again (its offset was not committed
   * before a crash) is sent with its old number and Live Agent drops it. {@link #ALREADY_SENT} marks commands sent
   * before a sequence reset, which Live Agent no longer recognises: they are not sent again at all.
   */
  private final LinkedHashMap<String, Long> sent = new LinkedHashMap<>();
  static final long ALREADY_SENT = -1;
  private static final int SENT_HISTORY = 32;
  /** The Messages ack to send next, and the last non-empty offset (for ReconnectSession). */
  volatile long ack = -1;
  volatile long offset;
  volatile boolean established;
  /** The agent who joined last (ChatEstablished), for the visitor's "agent left". */
  volatile String agentName;
  /** The handover asked for QueueUpdate messages (receiveQueueUpdates). */
  volatile boolean queueUpdates = true;
  /** Completes at ChatRequestSuccess: Live Agent answers 500 to other requests before it. */
  final CompletableFuture<Void> requestAccepted = new CompletableFuture<>();
  /** The ReconnectSession under way after a 503, shared by every request that hit the 503. */
  CompletableFuture<Void> reconnecting;
  /**
   * The session's one ordered path: every request that carries a sequence number is chained here and takes its
   * number (and the affinity) only when it is at the head, so numbers reach Live Agent in order.
   */
  private CompletableFuture<Void> tail = CompletableFuture.completedFuture(null);
  /**
   * The affinity barrier: incomplete from the moment a 503 is seen until the ChasitorSessionData of the
   * ReconnectSession it led to was read from a poll made with the new affinity (the documented order: nothing is
   * sent after a 503 until that message is processed).
   */
  private CompletableFuture<Void> barrier = CompletableFuture.completedFuture(null);
  /** The new affinity whose ChasitorSessionData opens the barrier; null while ReconnectSession is under way. */
  private String awaitedAffinity;
  /** The agent's open FileTransfer request (its token and the servlet to upload to), or null. */
  volatile String fileToken;
  volatile String uploadServletUrl;
  /** Opened by this instance (not resumed): its first poll goes at once, no previous owner's poll to wait out. */
  volatile boolean openedHere;

  LiveAgentSession(String restUrl, String org, String sessionId, String key, String affinity,
      Duration clientPollTimeout) {
    this.restUrl = restUrl;
    this.org = org;
    this.sessionId = sessionId;
    this.key = key;
    this.affinity = affinity;
    this.clientPollTimeout = clientPollTimeout;
  }

  /** A sequence number with the affinity it belongs to: a number taken before a reset must not reach the new server. */
  record Stamp(long sequence, String affinity) {}

  /** The sequence number for a command: the same number again if it was sent before (a replay). */
  synchronized Stamp stampFor(String commandId) {
    return new Stamp(sequenceFor(commandId), affinity);
  }

  private long sequenceFor(String commandId) {
    Long known = sent.get(commandId);
    if (known != null) {
      return known;
    }
    sequence++;
    sent.put(commandId, sequence);
    while (sent.size() > SENT_HISTORY) {
      sent.remove(sent.keySet().iterator().next());
    }
    return sequence;
  }

  /**
   * Chains {@code request} behind every earlier request of the session (whatever their outcome). The request starts
   * outside the session's lock: its first steps (the link write) may wait for Kafka.
   */
  <T> CompletableFuture<T> inOrder(java.util.function.Supplier<CompletableFuture<T>> request) {
    CompletableFuture<Void> turn = new CompletableFuture<>();
    CompletableFuture<Void> previous;
    synchronized (this) {
      previous = tail;
      tail = turn;
    }
    CompletableFuture<T> mine = previous.thenCompose(x -> request.get());
    mine.whenComplete((x, e) -> turn.complete(null));
    return mine;
  }

  /** Completes when requests may go: no affinity change is being handled. */
  synchronized CompletableFuture<Void> barrier() {
    return barrier;
  }

  /** A 503 was seen: requests wait from now on (the barrier stays if already closed). */
  synchronized void closeBarrier(Duration patience) {
    if (barrier.isDone()) {
      awaitedAffinity = null;
      // Never wait forever: a session whose poll stopped (the chat ends) gets no ChasitorSessionData.
      barrier = new CompletableFuture<Void>().completeOnTimeout(null, patience.toMillis(),
          java.util.concurrent.TimeUnit.MILLISECONDS);
    }
  }

  /** A poll made with {@code pollAffinity} brought ChasitorSessionData: the barrier opens if it waited for that. */
  synchronized boolean sessionDataArrived(String pollAffinity) {
    if (awaitedAffinity != null && awaitedAffinity.equals(pollAffinity)) {
      awaitedAffinity = null;
      return true;
    }
    return false;
  }

  /** Whether the session waits for the ChasitorSessionData of a completed ReconnectSession (kept in the link). */
  synchronized boolean awaitingSessionData() {
    return awaitedAffinity != null;
  }

  /** Resumed from a link written between ReconnectSession and its ChasitorSessionData: the barrier stays closed. */
  synchronized void resumeAwaitingSessionData(Duration patience) {
    closeBarrier(patience);
    awaitedAffinity = affinity;
  }

  /** Opens the barrier (after ChasitorSessionData and the resync). */
  synchronized void openBarrier() {
    barrier.complete(null);
  }

  /** ReconnectSession said resetSequence: numbering starts again; earlier commands count as delivered. */
  synchronized void resetSequence(String newAffinity) {
    affinity = newAffinity;
    awaitedAffinity = newAffinity;
    sequence = 0;
    sent.replaceAll((id, seq) -> ALREADY_SENT);
  }

  /** The request interrupted by the 503 was not taken: it goes again with a new number. */
  synchronized void forget(String commandId) {
    sent.remove(commandId);
  }

  /** The sent history as the link keeps it: a line {@code <commandId>\t<sequence>} per command. */
  synchronized String sentHistory() {
    StringBuilder history = new StringBuilder();
    sent.forEach((id, seq) -> history.append(id).append('\t').append(seq).append('\n'));
    return history.toString();
  }

  synchronized void restoreSent(String history) {
    for (String line : history.split("\n")) {
      int tab = line.lastIndexOf('\t');
      if (tab > 0) {
        sent.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
      }
    }
  }

  @Override
  public String toString() {
    return "LiveAgentSession[session " + sessionId + "]";
  }
}
