package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskLine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ScheduledFuture;
import java.util.function.BooleanSupplier;

/**
 * One chat engagement with its consumer session: who asked (the session information of the channel token), where it
 * is (queued, with an agent, concluded), the system messages not yet handed to the end user, every system message
 * so far, the answers kept by {@code clientTransactionId} and the poll held open. Guarded by the simulator's lock.
 */
final class OracleEngagement {
  enum State { QUEUED, ACTIVE, CONCLUDED }

  /** A {@code getMessages} held open; {@code clientGone} tells whether its client has hung up. */
  record HeldPoll(CompletableFuture<List<Map<String, Object>>> answer, BooleanSupplier clientGone) {}

  final long engagementId;
  final String sessionId;
  final long endUserClientId;
  final JsonNode sessionInformation;
  final Instant createdTime;
  State state = State.QUEUED;
  Instant waitingSince;
  String agentName;
  long agentClientId;
  /** The queue position last told to the end user (0: none told, or not queued). */
  int toldPosition;
  /** What the end user said it is doing ({@code activity}). */
  String endUserMode = "LISTENING";
  String concludedReason;
  /** How many of the end user's messages the abuse checks blocked. */
  int blocks;
  private long nextSequence = 1;
  final List<Map<String, Object>> pending = new ArrayList<>();
  final List<Map<String, Object>> systemMessages = new ArrayList<>();
  final List<DeskLine> transcript = new ArrayList<>();
  final Map<Long, Map<String, Object>> answersByTransaction = new HashMap<>();
  HeldPoll heldPoll;
  ScheduledFuture<?> holdTimer;

  OracleEngagement(long engagementId, String sessionId, long endUserClientId, JsonNode sessionInformation,
      Instant now) {
    this.engagementId = engagementId;
    this.sessionId = sessionId;
    this.endUserClientId = endUserClientId;
    this.sessionInformation = sessionInformation;
    this.createdTime = now;
    this.waitingSince = now;
  }

  /** Stamps a system message with the next sequence number and queues it for the end user. */
  void queue(Map<String, Object> message, long clientId, Instant now) {
    OracleSystemMessages.stamp(message, now, nextSequence++, engagementId, clientId);
    Map<String, Object> stamped = java.util.Collections.unmodifiableMap(message);
    pending.add(stamped);
    systemMessages.add(stamped);
  }

  /** Everything pending, handed out now. */
  List<Map<String, Object>> takePending() {
    List<Map<String, Object>> taken = List.copyOf(pending);
    pending.clear();
    return taken;
  }

  boolean concluded() {
    return state == State.CONCLUDED;
  }

  String info(String field) {
    JsonNode value = sessionInformation.path(field);
    return value.isValueNode() && !value.isNull() ? value.asText() : null;
  }

  String visitorName() {
    String first = info("firstName");
    String last = info("lastName");
    String name = ((first == null ? "" : first) + " " + (last == null ? "" : last)).trim();
    if (!name.isEmpty()) {
      return name;
    }
    String email = info("emailAddress");
    return email != null ? email : "Visitor " + endUserClientId;
  }
}
