package io.baton.connector.misc.oracle;

import io.baton.connector.chats.ChatWrite;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * Oracle's state of one handover: the consumer session (its JWT, the engagement API's address and pool), the
 * engagement, and what the poll has relayed so far; kept in the chat's link ({@link OracleLinkCodec}). The opening is
 * a chain of steps, each recorded once Oracle accepted it, so a restart goes on from the last one. The JWT is a
 * credential: it is in the link (that is how a chat survives a restart) but never logged ({@link #toString}).
 */
final class OracleEngagement {
  /** The opening's steps in order; the chat is live from {@link #LIVE}. */
  enum Step {
    /** Nothing at Oracle yet. */
    NEW,
    /** The session exists (a JWT); no engagement was asked for. */
    ESTABLISHED,
    /** The engagement is being asked for: a restart here asks again (Oracle has no idempotency key for it). */
    REQUESTING,
    /** The engagement exists; the transcript may not have been sent. */
    ENGAGED, LIVE
  }

  /** The connection (its site, credentials and rate limit). */
  final String connection;
  /** The session information sent to establishSessions (again when the JWT is renewed). */
  final String sessionInformation;
  volatile Step step = Step.NEW;
  volatile String siteName;
  /** {@code <scheme>://<domain>/engagement/api/consumer/<siteName>/v1}. */
  volatile String apiUrl;
  volatile String pool;
  volatile String jwt;
  volatile String sessionId;
  volatile String engagementId;
  /** The visitor's own participant id, once known: their messages come back in the poll and are not relayed. */
  volatile String clientId;
  /** The highest system message sequence number relayed: a message at or below it is a repeat. */
  volatile long lastSequence = -1;
  /** The agents in the chat by participant id, with their names (for their messages and their leaving). */
  final Map<String, String> agents = new LinkedHashMap<>();
  /** The last queue position and wait relayed ("position/wait"): the same again is no news. */
  volatile String lastQueued;
  /** The agents typing as last relayed (an activity that changes nothing is not news). */
  volatile boolean agentTyping;
  /** An agent left to transfer the chat: the next agent to join is the transfer's target. */
  volatile boolean transferring;
  /** Opened on this instance (not resumed from a link): its first poll need not wait out a previous owner's. */
  volatile boolean openedHere;
  /** Events of poll answers not yet on Kafka: Oracle will not hand their messages out again. Not kept. */
  final List<ChatWrite.Event> pending = new ArrayList<>();
  /** The renewal of the JWT under way after a 403, shared by every call that hit it. */
  CompletableFuture<Void> renewing;

  OracleEngagement(String connection, String sessionInformation) {
    this.connection = connection;
    this.sessionInformation = sessionInformation;
  }

  synchronized String agentName(String clientId) {
    return clientId == null ? null : agents.get(clientId);
  }

  /** The agent who joined last, or null. */
  synchronized String currentAgent() {
    String name = null;
    for (String n : agents.values()) {
      name = n;
    }
    return name;
  }

  @Override
  public String toString() {
    return "OracleEngagement[" + connection + ", engagement " + engagementId + ", " + step + "]";
  }
}
