package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.oracle.OracleEngagement.State;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.BooleanSupplier;
import java.util.function.Function;

/**
 * Every engagement of the site and what the consumer side does to one: request it (unless a routing rule dequeues
 * it), post a message (deduplicated by {@code clientTransactionId}; the abuse rule auto-terminates), change its
 * activity, conclude it, poll its system messages. All state sits behind the simulator's lock; {@link #locked} runs an
 * operation and then completes the polls it answered.
 */
final class OracleEngagements {
  static final String RESULT_TYPE = "SUCCESS";
  static final String TERMINATION_NOTICE =
      "This chat has ended: a message was blocked for suspicious content and the engagement was terminated.";
  static final String BLOCK_NOTICE = "Your message was blocked because it looked suspicious.";

  private final Object lock;
  private final Map<String, OracleEngagement> bySession = new LinkedHashMap<>();
  private final Map<Long, OracleEngagement> byId = new LinkedHashMap<>();
  private final OracleSite site;
  private final OraclePolls polls;
  private final Clock clock;
  private final OracleAbuseChecks abuse;
  private volatile int secondsPerQueuedChat;
  private long nextEngagementId = 100_001;
  private long nextClientId = 5_001;

  OracleEngagements(Object lock, OracleSite site, OraclePolls polls, OracleSettings settings, Clock clock) {
    this.lock = lock;
    this.site = site;
    this.polls = polls;
    this.clock = clock;
    this.abuse = new OracleAbuseChecks(settings.maxBodyLength());
    this.secondsPerQueuedChat = settings.secondsPerQueuedChat();
  }

  /** Runs {@code op} under the lock, then completes the polls it answered (also when it throws). */
  <T> T locked(Function<List<Runnable>, T> op) {
    List<Runnable> deliveries = new ArrayList<>();
    try {
      synchronized (lock) {
        return op.apply(deliveries);
      }
    } finally {
      deliveries.forEach(Runnable::run);
    }
  }

  Map<String, Object> request(JsonNode sessionInformation, Transaction tx) {
    return locked(d -> {
      OracleSite.DequeueRule rule = site.dequeueRule();
      if (rule != null && rule.matches().test(sessionInformation)) {
        throw OracleError.conflict(rule.reason());
      }
      OracleEngagement e = new OracleEngagement(nextEngagementId++, UUID.randomUUID().toString(),
          nextClientId++, sessionInformation, clock.instant());
      bySession.put(e.sessionId, e);
      byId.put(e.engagementId, e);
      String question = e.info("question");
      if (question != null && !question.isBlank()) {
        e.transcript.add(new DeskLine(DeskLine.VISITOR, question, e.createdTime));
      }
      reposition(d);
      Map<String, Object> answer = answer(e, tx);
      answer.put("sessionId", e.sessionId);
      answer.put("resultType", RESULT_TYPE);
      return answer;
    });
  }

  Map<String, Object> post(String sessionId, String body, Transaction tx) {
    return locked(d -> {
      OracleEngagement e = session(sessionId);
      Map<String, Object> earlier = tx.id() == null ? null : e.answersByTransaction.get(tx.id());
      if (earlier != null) {
        return earlier; // the same transaction again: answered as before, nothing posted twice
      }
      open(sessionId);
      switch (abuse.check(e, body)) {
        case TERMINATE -> {
          terminate(e, d);
          throw OracleError.conflict("The engagement was terminated: the message broke the chat's rules");
        }
        case BLOCK -> {
          // Answered 200 as if posted; the end user is told in the conversation, the agent never sees it.
          e.transcript.add(new DeskLine(DeskLine.SYSTEM, "A message from the visitor was blocked", clock.instant()));
          emit(e, OracleSystemMessages.messagePosted(BLOCK_NOTICE), OracleSystemMessages.SYSTEM_CLIENT_ID, d);
        }
        case ALLOW -> e.transcript.add(new DeskLine(DeskLine.VISITOR, body, clock.instant()));
      }
      return remember(e, tx, answer(e, tx));
    });
  }

  Map<String, Object> activity(String sessionId, String mode, Transaction tx) {
    return locked(d -> {
      OracleEngagement e = open(sessionId);
      e.endUserMode = mode;
      return answer(e, tx);
    });
  }

  /** The end user concludes; concluding again answers the same and changes nothing [guess]. */
  Map<String, Object> conclude(String sessionId, Transaction tx) {
    return locked(d -> {
      OracleEngagement e = session(sessionId);
      if (!e.concluded()) {
        conclude(e, OracleSystemMessages.END_USER_CONCLUDED, OracleSystemMessages.ROLE_END_USER,
            e.endUserClientId, d);
      }
      return answer(e, tx);
    });
  }

  java.util.concurrent.CompletableFuture<List<Map<String, Object>>> poll(String sessionId,
      BooleanSupplier clientGone) {
    return locked(d -> polls.poll(session(sessionId), clientGone, d));
  }

  // ---- what the desk and the simulator use, under the lock ----

  OracleEngagement session(String sessionId) {
    OracleEngagement e = sessionId == null ? null : bySession.get(sessionId);
    if (e == null) {
      throw OracleError.notFound("No chat session " + sessionId);
    }
    return e;
  }

  Optional<OracleEngagement> find(long engagementId) {
    return Optional.ofNullable(byId.get(engagementId));
  }

  List<OracleEngagement> all() {
    return List.copyOf(byId.values());
  }

  /** Queues a system message for the end user and answers a held poll. */
  void emit(OracleEngagement e, Map<String, Object> message, long clientId, List<Runnable> deliveries) {
    e.queue(message, clientId, clock.instant());
    polls.queued(e, deliveries);
  }

  void conclude(OracleEngagement e, String reason, String role, long clientId, List<Runnable> deliveries) {
    e.state = State.CONCLUDED;
    e.concludedReason = reason;
    e.waitingSince = null;
    e.toldPosition = 0;
    e.transcript.add(new DeskLine(DeskLine.SYSTEM, "Concluded (" + reason + ")", clock.instant()));
    emit(e, OracleSystemMessages.concluded(reason, role), clientId, deliveries);
    reposition(deliveries);
  }

  /** Tells every queued end user whose position changed its new position and expected wait. */
  void reposition(List<Runnable> deliveries) {
    List<OracleEngagement> queued = byId.values().stream().filter(e -> e.state == State.QUEUED)
        .sorted(Comparator.comparing((OracleEngagement e) -> e.waitingSince)
            .thenComparingLong(e -> e.engagementId))
        .toList();
    for (int i = 0; i < queued.size(); i++) {
      OracleEngagement e = queued.get(i);
      int position = i + 1;
      if (position != e.toldPosition) {
        e.toldPosition = position;
        emit(e, OracleSystemMessages.waitInformation(position, (long) position * secondsPerQueuedChat,
            secondsPerQueuedChat), OracleSystemMessages.SYSTEM_CLIENT_ID, deliveries);
      }
    }
  }

  long newClientId() {
    return nextClientId++;
  }

  OracleAbuseChecks abuse() {
    return abuse;
  }

  void releasePolls() {
    List<OracleEngagement> engagements;
    synchronized (lock) {
      engagements = all();
    }
    polls.releaseAll(engagements);
  }

  private OracleEngagement open(String sessionId) {
    OracleEngagement e = session(sessionId);
    if (e.concluded()) {
      throw OracleError.conflict("Engagement " + e.engagementId + " has concluded");
    }
    return e;
  }

  /** Auto-termination: the notices the docs promise, the end user disconnected, the engagement concluded. */
  private void terminate(OracleEngagement e, List<Runnable> deliveries) {
    emit(e, OracleSystemMessages.messagePosted(TERMINATION_NOTICE), OracleSystemMessages.SYSTEM_CLIENT_ID,
        deliveries);
    emit(e, OracleSystemMessages.participantLeft(OracleSystemMessages.ROLE_END_USER,
        OracleSystemMessages.TERMINATED), e.endUserClientId, deliveries);
    conclude(e, OracleSystemMessages.TERMINATED, OracleSystemMessages.ROLE_SYSTEM,
        OracleSystemMessages.SYSTEM_CLIENT_ID, deliveries);
  }

  private static Map<String, Object> remember(OracleEngagement e, Transaction tx, Map<String, Object> answer) {
    if (tx.id() != null) {
      e.answersByTransaction.put(tx.id(), answer);
    }
    return answer;
  }

  private static Map<String, Object> answer(OracleEngagement e, Transaction tx) {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("engagementId", e.engagementId);
    answer.put("engagementIdString", Long.toString(e.engagementId));
    answer.put("clientId", e.endUserClientId);
    answer.put("clientIdString", Long.toString(e.endUserClientId));
    answer.put("clientRequestTime", tx.clientRequestTime());
    answer.put("clientTransactionId", tx.id());
    return answer;
  }

  /** What a request carries to link it to its answer. */
  record Transaction(Long id, String clientRequestTime) {}
}
