package io.baton.connector.salesforce.liveagent;

import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * One visitor-side ("Chasitor") Live Agent session, as kept in the links topic. The session key is a secret: it is
 * stored in the link (that is how a chat survives a restart) but never logged ({@link #toString} leaves it out).
 */
final class LiveAgentSession {
  final String tenant;
  final String conversationId;
  final String handoverId;
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
  volatile boolean ended;
  /** We sent ChatEnd: the 403 that follows on the poll is our own doing, not an expiry. */
  volatile boolean ending;
  /** Another instance owns the chat now (its partition moved): stop touching it. */
  volatile boolean released;
  /** Completes at ChatRequestSuccess: Live Agent answers 500 to other requests before it. */
  final CompletableFuture<Void> requestAccepted = new CompletableFuture<>();
  /** The ReconnectSession under way after a 503, shared by every request that hit the 503. */
  CompletableFuture<Void> reconnecting;
  /** The running long poll and the running write of its events, for a clean release. */
  volatile CompletableFuture<?> inFlightPoll;
  volatile CompletableFuture<Void> writing = CompletableFuture.completedFuture(null);
  /**
   * The session's link writes, one after another: each is built only when the previous one finished, so a link
   * never carries an older {@code ack} than one already on Kafka with its events.
   */
  CompletableFuture<Void> linkWrites = CompletableFuture.completedFuture(null);

  LiveAgentSession(String tenant, String conversationId, String handoverId, String restUrl, String org,
      String sessionId, String key, String affinity, Duration clientPollTimeout) {
    this.tenant = tenant;
    this.conversationId = conversationId;
    this.handoverId = handoverId;
    this.restUrl = restUrl;
    this.org = org;
    this.sessionId = sessionId;
    this.key = key;
    this.affinity = affinity;
    this.clientPollTimeout = clientPollTimeout;
  }

  String conversationKey() {
    return tenant + "/" + conversationId;
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

  /** ReconnectSession said resetSequence: numbering starts again; earlier commands count as delivered. */
  synchronized void resetSequence(String newAffinity) {
    affinity = newAffinity;
    sequence = 0;
    sent.replaceAll((id, seq) -> ALREADY_SENT);
  }

  /** The request interrupted by the 503 was not taken: it goes again with a new number. */
  synchronized void forget(String commandId) {
    sent.remove(commandId);
  }

  PlatformLink toLink() {
    return toLink(ack, offset);
  }

  /** The link as it will be once a poll answer with {@code ack} and {@code offset} is recorded. */
  synchronized PlatformLink toLink(long ack, long offset) {
    Map<String, String> state = new HashMap<>();
    state.put("restUrl", restUrl);
    state.put("org", org);
    state.put("sessionId", sessionId);
    state.put("key", key);
    state.put("affinity", affinity);
    state.put("clientPollTimeoutMs", Long.toString(clientPollTimeout.toMillis()));
    state.put("sequence", Long.toString(sequence));
    StringBuilder history = new StringBuilder();
    sent.forEach((id, seq) -> history.append(id).append('\t').append(seq).append('\n'));
    state.put("sent", history.toString());
    state.put("ack", Long.toString(ack));
    state.put("offset", Long.toString(offset));
    state.put("established", Boolean.toString(established));
    state.put("accepted", Boolean.toString(requestAccepted.isDone()));
    return PlatformLink.newBuilder().setTenant(tenant).setConversationId(conversationId)
        .setPlatform(Platform.salesforce)
        .setHandoverId(handoverId).setState(state).setEnded(ended).setUpdatedAt(Instant.now()).build();
  }

  static LiveAgentSession fromLink(PlatformLink link) {
    Map<String, String> s = link.getState();
    LiveAgentSession session = new LiveAgentSession(link.getTenant(), link.getConversationId(), link.getHandoverId(),
        s.get("restUrl"), s.getOrDefault("org", ""), s.get("sessionId"), s.get("key"), s.get("affinity"),
        Duration.ofMillis(Long.parseLong(s.getOrDefault("clientPollTimeoutMs", "40000"))));
    session.sequence = Long.parseLong(s.getOrDefault("sequence", "0"));
    for (String line : s.getOrDefault("sent", "").split("\n")) {
      int tab = line.lastIndexOf('\t');
      if (tab > 0) {
        session.sent.put(line.substring(0, tab), Long.parseLong(line.substring(tab + 1)));
      }
    }
    session.ack = Long.parseLong(s.getOrDefault("ack", "-1"));
    session.offset = Long.parseLong(s.getOrDefault("offset", "0"));
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
