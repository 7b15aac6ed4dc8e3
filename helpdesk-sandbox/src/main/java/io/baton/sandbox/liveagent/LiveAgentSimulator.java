package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.Snapshots;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Collectors;

/**
 * Salesforce Live Agent (Legacy Chat) as the visitor's REST client and the agent see it: sessions, the
 * button queue, the per-session message outbox behind the long poll, and the agent's actions.
 *
 * <p>All state sits behind one lock; every operation is short. Poll futures are completed after the
 * lock is released, because completing one makes Javalin write the HTTP response on this thread.
 */
public final class LiveAgentSimulator extends SimulatorSupport {
  /** Its URL segment and console label. */
  public static final String NAME = "liveagent";
  private static final Logger log = LoggerFactory.getLogger(LiveAgentSimulator.class);

  /** Docs are silent on the estimate; the simulator assumes 30 s of waiting per queue position. */
  static final int ESTIMATED_SECONDS_PER_QUEUE_POSITION = 30;

  private final Duration longPollHold;
  private final int clientPollTimeoutSeconds;
  private final Duration sessionTimeout;
  private final ScheduledExecutorService scheduler;
  private final ScheduledFuture<?> idleSweeper;
  private final SecureRandom random = new SecureRandom();

  private final Object lock = new Object();
  private final Map<String, ChasitorSession> sessionsByKey = new LinkedHashMap<>();
  private final Map<String, ChatState> chatsBySessionId = new LinkedHashMap<>();
  private long nextQueueTicket;
  private volatile boolean agentsOnline = true;
  private final List<Consumer<LiveAgentChat>> chatRequestWatchers = new CopyOnWriteArrayList<>();
  /** The agent's actions: accept, ChatMessage, typing, AgentDisconnect (leave), ChatTransferred, ChatEnded. */
  final Desk desk = Desk.of(NAME, this::deskChats, this::deskChat).accept(this::accept).say(this::agentSays)
      .typing(this::agentTyping).leave(this::agentDisconnect).transfer(this::transfer).end(this::endByAgent)
      .refusals(e -> e instanceof ChatNotFoundException ? new DeskException(404, e.getMessage())
          : e instanceof ChatStateException ? new DeskException(409, e.getMessage())
          : e instanceof IllegalArgumentException ? new DeskException(400, e.getMessage()) : null)
      .build();

  /**
   * @param scheduler shared timer thread(s) for poll holds and the idle sweep; owned by the caller
   */
  public LiveAgentSimulator(Duration longPollHold, int clientPollTimeoutSeconds, Duration sessionTimeout,
      ScheduledExecutorService scheduler) {
    super(NAME);
    this.longPollHold = Objects.requireNonNull(longPollHold, "longPollHold");
    this.clientPollTimeoutSeconds = clientPollTimeoutSeconds;
    this.sessionTimeout = Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    // Sweep often enough that a timed-out session ends within ~1/4 of the timeout after expiry.
    long sweepMillis = Math.max(20, Math.min(1000, sessionTimeout.toMillis() / 4));
    this.idleSweeper = scheduler.scheduleWithFixedDelay(this::endIdleSessions, sweepMillis, sweepMillis,
        TimeUnit.MILLISECONDS);
  }

  /** The REST API under {@code /chat/rest/} (faults keyed by the path under it), availability and session faults. */
  @Override
  protected void registerApi(Javalin app) {
    LiveAgentRestApi.register(app, this, faults());
    LiveAgentSandboxApi.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk;
  }

  @Override
  public void close() {
    shutdown();
  }

  // ---------------------------------------------------------------- agent side (public API)

  /**
   * Calls {@code watcher} with each chat request as it is queued, on the request's thread once the simulator's lock
   * is released: how an agent desk or a load test learns of new chats without polling {@link #chats()}.
   */
  public void onChatRequested(Consumer<LiveAgentChat> watcher) {
    chatRequestWatchers.add(Objects.requireNonNull(watcher, "watcher"));
  }

  /** Snapshot of every chat, in creation (ChasitorInit) order. */
  public List<LiveAgentChat> chats() {
    return Snapshots.all(lock, chatsBySessionId, ChatState::snapshot);
  }

  List<DeskChat> deskChats() {
    return Snapshots.all(lock, chatsBySessionId, ChatState::deskChat);
  }

  Optional<DeskChat> deskChat(String sessionId) {
    return Snapshots.one(lock, chatsBySessionId, sessionId, ChatState::deskChat);
  }

  public Optional<LiveAgentChat> chat(String sessionId) {
    return Snapshots.one(lock, chatsBySessionId, sessionId, ChatState::snapshot);
  }

  /** Whether buttons report available (Visitor/Availability) and ChasitorInit is routed; default true. */
  public boolean agentsOnline() {
    return agentsOnline;
  }

  /** With no agent online, Availability omits isAvailable and ChasitorInit gets ChatRequestFail "Unavailable". */
  public void setAgentsOnline(boolean online) {
    agentsOnline = online;
  }

  /**
   * An agent accepts a queued chat: the visitor gets ChatEstablished, chats behind it move up.
   *
   * @throws ChatNotFoundException unknown session id
   * @throws ChatStateException    the chat is not QUEUED
   */
  public void accept(String sessionId, String agentName) {
    if (agentName == null || agentName.isBlank()) {
      throw new IllegalArgumentException("agentName is required");
    }
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireChat(sessionId);
      if (chat.status != ChatStatus.QUEUED) {
        throw new ChatStateException(
            "Chat " + sessionId + " is " + chat.status + ", only a QUEUED chat can be accepted");
      }
      chat.status = ChatStatus.ESTABLISHED;
      chat.agentName = agentName;
      chat.queuePosition = 0;
      send(chat.session, "ChatEstablished", Json.object(
          "name", agentName,
          "userId", agentUserId(agentName),
          "sneakPeekEnabled", false,
          "chasitorIdleTimeout", Json.object("isEnabled", false, "warningTime", 0, "timeout", 0)), deliveries);
      announceQueuePositions(deliveries);
      log.info("Live Agent chat {} accepted by {}", sessionId, agentName);
    }
    deliveries.forEach(Runnable::run);
  }

  /** The agent sends a chat message: recorded in the transcript and sent to the visitor as ChatMessage. */
  public void agentSays(String sessionId, String text) {
    Objects.requireNonNull(text, "text");
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireEstablished(sessionId, "send a message to");
      chat.transcript.add(new TranscriptLine(TranscriptLine.AGENT, text, Instant.now()));
      send(chat.session, "ChatMessage", Json.object("name", chat.agentName, "text", text), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /** AgentTyping / AgentNotTyping to the visitor. */
  public void agentTyping(String sessionId, boolean typing) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireEstablished(sessionId, "send typing to");
      send(chat.session, typing ? "AgentTyping" : "AgentNotTyping", Json.object(), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * The agent ends an established chat: the visitor gets ChatEnded. The session stays valid until the
   * visitor acknowledged it (the next poll then gets 403) or stops polling.
   */
  public void endByAgent(String sessionId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireEstablished(sessionId, "end");
      endChat(chat, LiveAgentChat.ENDED_BY_AGENT, deliveries);
      send(chat.session, "ChatEnded", Json.object("reason", "agent", "attachedRecords", List.of()), deliveries);
      log.info("Live Agent chat {} ended by the agent", sessionId);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * The agent transfers an established chat to another agent: the visitor gets ChatTransferred with the new
   * agent's name and id, and the chat stays established.
   */
  public void transfer(String sessionId, String toAgentName) {
    if (toAgentName == null || toAgentName.isBlank()) {
      throw new IllegalArgumentException("agentName is required");
    }
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireEstablished(sessionId, "transfer");
      chat.agentName = toAgentName;
      send(chat.session, "ChatTransferred", Json.object(
          "name", toAgentName,
          "userId", agentUserId(toAgentName),
          "sneakPeekEnabled", false,
          "chasitorIdleTimeout", Json.object("isEnabled", false, "warningTime", 0, "timeout", 0)), deliveries);
      log.info("Live Agent chat {} transferred to {}", sessionId, toAgentName);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * The agent disconnects (closes the browser, loses the network): the visitor gets AgentDisconnect, the session
   * stays, and the chat waits in the queue again for another agent to accept it.
   */
  public void agentDisconnect(String sessionId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireEstablished(sessionId, "disconnect the agent of");
      chat.status = ChatStatus.QUEUED;
      chat.agentName = null;
      chat.queuedAt = Instant.now();
      send(chat.session, "AgentDisconnect", Json.object(), deliveries);
      announceQueuePositions(deliveries);
      log.info("Live Agent chat {}: the agent disconnected", sessionId);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * Fault: the session expires at once, as if Salesforce dropped it. Its chat ends (endedBy "timeout"); every
   * request with its key, a held poll included, gets 403.
   */
  public void expireSession(String sessionId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireChat(sessionId);
      if (chat.isOpen()) {
        endChat(chat, LiveAgentChat.ENDED_BY_TIMEOUT, deliveries);
      }
      closeSession(chat.session, ChasitorResponse.sessionInvalid(), deliveries);
      log.info("Live Agent session {} expired on demand", sessionId);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * Fault: Salesforce moves the session to another server. The affinity token changes; every request with the old
   * token, a held poll included, gets 503 until the visitor calls ReconnectSession, which hands out the new token,
   * resets the POST sequence and queues ChasitorSessionData. Nothing the visitor had not acknowledged is lost.
   */
  public void changeAffinity(String sessionId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChatState chat = requireChat(sessionId);
      ChasitorSession session = chat.session;
      if (session.closed) {
        throw new ChatStateException("Session " + sessionId + " is closed");
      }
      session.retiredAffinities.add(session.affinityToken);
      session.awaitingReconnect = true;
      session.affinityToken = newAffinityToken();
      if (session.heldPoll != null) {
        CompletableFuture<ChasitorResponse> held = session.heldPoll;
        session.heldPoll = null;
        if (session.holdTimer != null) {
          session.holdTimer.cancel(false);
          session.holdTimer = null;
        }
        deliveries.add(() -> held.complete(ChasitorResponse.affinityChanged()));
      }
      log.info("Live Agent session {}: affinity changed", sessionId);
    }
    deliveries.forEach(Runnable::run);
  }

  // ---------------------------------------------------------------- visitor side (REST, package-private)

  /** GET System/SessionId. */
  ChasitorResponse openSession() {
    String id = UUID.randomUUID().toString();
    byte[] secret = new byte[16];
    random.nextBytes(secret);
    String key = id + "!" + System.currentTimeMillis() + "!" + HexFormat.of().formatHex(secret);
    String affinity = newAffinityToken();
    synchronized (lock) {
      sessionsByKey.put(key, new ChasitorSession(id, key, affinity, System.nanoTime()));
    }
    log.info("Live Agent session {} opened", id);
    return ChasitorResponse.json(Json.object("id", id, "key", key, "affinityToken", affinity,
        "clientPollTimeout", String.valueOf(clientPollTimeoutSeconds)));
  }

  private String newAffinityToken() {
    return HexFormat.of().formatHex(new byte[] {(byte) random.nextInt(), (byte) random.nextInt(),
        (byte) random.nextInt(), (byte) random.nextInt()});
  }

  /**
   * GET System/ReconnectSession: after a 503, the visitor learns the new affinity token; the POST sequence starts
   * again and ChasitorSessionData (queue position and the chat so far) is the next message of the long poll.
   */
  ChasitorResponse reconnectSession(String key, String affinity, long offset) {
    List<Runnable> deliveries = new ArrayList<>();
    ChasitorResponse response;
    synchronized (lock) {
      ChasitorSession session = key == null ? null : sessionsByKey.get(key);
      if (session == null || session.closed || !(affinity.equals(session.affinityToken)
          || session.retiredAffinities.contains(affinity))) {
        return ChasitorResponse.sessionInvalid();
      }
      session.awaitingReconnect = false;
      session.lastSequence = ChasitorSession.NO_SEQUENCE;
      ChatState chat = session.chat;
      List<Map<String, Object>> chatMessages = chat == null ? List.of() : chat.transcript.stream()
          .map(l -> Json.object("type", l.from().equals(TranscriptLine.AGENT) ? "Agent" : "Chasitor",
              "content", l.text(), "timestamp", l.at().toEpochMilli()))
          .toList();
      send(session, "ChasitorSessionData", Json.object(
          "queuePosition", chat == null ? 0 : chat.queuePosition,
          "geoLocation", Json.object(),
          "url", "",
          "oref", "",
          "postChatUrl", "",
          "sneakPeekEnabled", false,
          "chatFormattedText", "",
          "chatMessages", chatMessages), deliveries);
      response = ChasitorResponse.json(Json.object("messages", List.of(Json.object("type", "ReconnectSession",
          "message", Json.object("resetSequence", true, "affinityToken", session.affinityToken)))));
      log.info("Live Agent session {} reconnected (offset {})", session.id, offset);
    }
    deliveries.forEach(Runnable::run);
    return response;
  }

  /**
   * A request with a token of a session that moved: 503. Until ReconnectSession even the new token gets 503 (the
   * session is not restored on its new server yet); afterwards only the old tokens do.
   */
  private boolean moved(String key, String affinity) {
    ChasitorSession session = key == null ? null : sessionsByKey.get(key);
    return session != null && !session.closed && (session.retiredAffinities.contains(affinity)
        || (session.awaitingReconnect && affinity.equals(session.affinityToken)));
  }

  /** DELETE System/SessionId/{key}: the visitor leaves; an open chat ends by the visitor. */
  ChasitorResponse deleteSession(String key, String affinity) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      ChasitorSession session = session(key, affinity);
      if (session == null) {
        return ChasitorResponse.sessionInvalid();
      }
      if (session.chat != null && session.chat.isOpen()) {
        endChat(session.chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
      }
      closeSession(session, ChasitorResponse.sessionInvalid(), deliveries);
      log.info("Live Agent session {} deleted by the visitor", session.id);
    }
    deliveries.forEach(Runnable::run);
    return ChasitorResponse.ok();
  }

  /** POST Chasitor/{action}; the caller checked the required headers are present and well formed. */
  ChasitorResponse chasitorPost(String key, String affinity, long sequence, ChasitorAction action, String body) {
    List<Runnable> deliveries = new ArrayList<>();
    ChasitorResponse response;
    synchronized (lock) {
      response = chasitorPostLocked(key, affinity, sequence, action, body, deliveries);
    }
    deliveries.forEach(Runnable::run);
    return response;
  }

  private ChasitorResponse chasitorPostLocked(String key, String affinity, long sequence, ChasitorAction action,
      String body, List<Runnable> deliveries) {
    if (moved(key, affinity)) {
      return ChasitorResponse.affinityChanged();
    }
    ChasitorSession session = session(key, affinity);
    if (session == null) {
      return ChasitorResponse.sessionInvalid();
    }
    if (session.lastSequence != ChasitorSession.NO_SEQUENCE && sequence <= session.lastSequence) {
      // The documented purpose of X-LIVEAGENT-SEQUENCE: the server drops a resent request.
      return ChasitorResponse.ok();
    }
    if (action == ChasitorAction.CHASITOR_INIT) {
      return chasitorInit(session, sequence, body, deliveries);
    }
    ChatState chat = session.chat;
    if (chat == null) {
      return ChasitorResponse.error(500, "ChasitorInit must be the first request of a session");
    }
    if (!chat.isOpen()) {
      return ChasitorResponse.sessionInvalid();
    }
    if (!session.requestSuccessDelivered) {
      return ChasitorResponse.error(500, "The chat request has not succeeded yet (no ChatRequestSuccess delivered)");
    }
    JsonNode json = Json.parseOrNull(body);
    switch (action) {
      case CHAT_MESSAGE -> {
        if (json == null || !json.isObject() || !json.path("text").isTextual()) {
          return ChasitorResponse.badRequest("ChatMessage body must be {\"text\": string}");
        }
        // Before an agent accepts, Salesforce queues the message for the agent: keep it in the transcript.
        chat.transcript.add(new TranscriptLine(TranscriptLine.VISITOR, json.get("text").asText(), Instant.now()));
      }
      case CHASITOR_TYPING -> chat.visitorTyping = true;
      case CHASITOR_NOT_TYPING -> chat.visitorTyping = false;
      case CHASITOR_SNEAK_PEEK -> {
        if (json == null || !json.isObject()) {
          return ChasitorResponse.badRequest("ChasitorSneakPeek body must be {\"position\": number, \"text\": string}");
        }
        // Sneak peek is off in ChatEstablished (sneakPeekEnabled=false), so the preview is not shown.
      }
      case CUSTOM_EVENT -> {
        if (json == null || !json.isObject() || !json.path("type").isTextual()) {
          return ChasitorResponse.badRequest("CustomEvent body must be {\"type\": string, \"data\": string}");
        }
        // Accepted and dropped: the simulated agent console has no custom event handlers.
      }
      case CHAT_END -> {
        if (json == null || !json.isObject() || !json.path("reason").isTextual()
            || json.get("reason").asText().isBlank()) {
          return ChasitorResponse.badRequest("ChatEnd body must be {\"reason\": \"client\"}");
        }
        session.lastSequence = sequence;
        endChat(chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
        closeSession(session, ChasitorResponse.sessionInvalid(), deliveries);
        log.info("Live Agent chat {} ended by the visitor", session.id);
        return ChasitorResponse.ok();
      }
      default -> throw new IllegalStateException("unhandled action " + action);
    }
    session.lastSequence = sequence;
    return ChasitorResponse.ok();
  }

  private ChasitorResponse chasitorInit(ChasitorSession session, long sequence, String body,
      List<Runnable> deliveries) {
    if (session.chat != null) {
      return ChasitorResponse.error(500, "ChasitorInit was already sent on this session");
    }
    ChasitorInitRequest request;
    try {
      request = ChasitorInitRequest.parse(body);
    } catch (ChasitorInitRequest.InvalidRequest e) {
      return ChasitorResponse.badRequest(e.getMessage());
    }
    if (!request.sessionId().equals(session.id)) {
      return ChasitorResponse.badRequest("sessionId does not match the session of X-LIVEAGENT-SESSION-KEY");
    }
    session.lastSequence = sequence;
    ChatState chat = new ChatState(session, request, nextQueueTicket++);
    session.chat = chat;
    chatsBySessionId.put(session.id, chat);
    if (!agentsOnline) {
      chat.status = ChatStatus.ENDED;
      send(session, "ChatRequestFail", Json.object("reason", "Unavailable", "postChatUrl", ""), deliveries);
      log.info("Live Agent chat {} failed: no agent online for button {}", session.id, request.buttonId());
      return ChasitorResponse.ok();
    }
    int position = (int) queuedOn(request.buttonId()).count();
    chat.queuePosition = position;
    send(session, "ChatRequestSuccess", Json.object(
        "queuePosition", position,
        "estimatedWaitTime", estimatedWait(position),
        "geoLocation", Json.object(),
        "url", "",
        "oref", "",
        "postChatUrl", "",
        "customDetails", request.prechatDetails(),
        "visitorId", UUID.randomUUID().toString()), deliveries);
    log.info("Live Agent chat {} queued on button {} at position {}", session.id, request.buttonId(), position);
    if (!chatRequestWatchers.isEmpty()) {
      LiveAgentChat queued = chat.snapshot();
      deliveries.add(() -> chatRequestWatchers.forEach(w -> w.accept(queued)));
    }
    return ChasitorResponse.ok();
  }

  /** GET System/Messages?ack=N: answered now if anything is unacknowledged, else held until a message or the hold ends. */
  CompletableFuture<ChasitorResponse> poll(String key, String affinity, long ack) {
    List<Runnable> deliveries = new ArrayList<>();
    CompletableFuture<ChasitorResponse> result;
    synchronized (lock) {
      result = pollLocked(key, affinity, ack, deliveries);
    }
    deliveries.forEach(Runnable::run);
    return result;
  }

  private CompletableFuture<ChasitorResponse> pollLocked(String key, String affinity, long ack,
      List<Runnable> deliveries) {
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
        endChat(session.chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
      }
      closeSession(session, conflict, deliveries);
      log.warn("Live Agent session {}: duplicate long poll, chat terminated", session.id);
      return CompletableFuture.completedFuture(conflict);
    }
    session.acknowledge(ack);
    session.lastPollNanos = System.nanoTime();
    if (!session.outbox.isEmpty()) {
      return CompletableFuture.completedFuture(session.messagesResponse());
    }
    if (session.chat != null && !session.chat.isOpen()) {
      // The visitor acknowledged ChatEnded / ChatRequestFail: nothing more will come, the session is over.
      closeSession(session, ChasitorResponse.sessionInvalid(), deliveries);
      return CompletableFuture.completedFuture(ChasitorResponse.sessionInvalid());
    }
    CompletableFuture<ChasitorResponse> held = new CompletableFuture<>();
    session.heldPoll = held;
    session.holdTimer = scheduler.schedule(() -> holdExpired(session, held), longPollHold.toMillis(),
        TimeUnit.MILLISECONDS);
    return held;
  }

  private void holdExpired(ChasitorSession session, CompletableFuture<ChasitorResponse> held) {
    synchronized (lock) {
      if (session.heldPoll != held) {
        return;
      }
      session.heldPoll = null;
      session.holdTimer = null;
      session.lastPollNanos = System.nanoTime();
    }
    held.complete(ChasitorResponse.noContent());
  }

  /** Whether a poll of this session is being held open right now (lets tests provoke a duplicate poll). */
  boolean isPollHeld(String sessionId) {
    synchronized (lock) {
      return sessionsByKey.values().stream().anyMatch(s -> s.id.equals(sessionId) && s.heldPoll != null);
    }
  }

  /** GET Visitor/Availability for the given button ids. */
  ChasitorResponse availability(List<String> buttonIds, boolean needEstimatedWaitTime) {
    List<Map<String, Object>> results = new ArrayList<>();
    synchronized (lock) {
      for (String id : buttonIds) {
        Map<String, Object> result = Json.object("id", id);
        if (agentsOnline) {
          // Offline buttons omit isAvailable, as observed in public clients (missing = false).
          result.put("isAvailable", true);
          if (needEstimatedWaitTime) {
            result.put("estimatedWaitTime", estimatedWait((int) queuedOn(id).count() + 1));
          }
        }
        results.add(result);
      }
    }
    return ChasitorResponse.json(Json.object("messages", List.of(
        Json.object("type", "Availability", "message", Json.object("results", results)))));
  }

  /** Answers held polls (204) and stops timers; called when the server stops. */
  public void shutdown() {
    idleSweeper.cancel(false);
    List<CompletableFuture<ChasitorResponse>> held = new ArrayList<>();
    synchronized (lock) {
      for (ChasitorSession session : sessionsByKey.values()) {
        if (session.heldPoll != null) {
          held.add(session.heldPoll);
          session.heldPoll = null;
          if (session.holdTimer != null) {
            session.holdTimer.cancel(false);
          }
        }
      }
    }
    held.forEach(f -> f.complete(ChasitorResponse.noContent()));
  }

  // ---------------------------------------------------------------- internals (call with the lock held)

  private ChasitorSession session(String key, String affinity) {
    ChasitorSession session = key == null ? null : sessionsByKey.get(key);
    // A wrong affinity token routes to a server that does not know the session: treated as invalid.
    if (session == null || session.closed || !session.affinityToken.equals(affinity)) {
      return null;
    }
    return session;
  }

  private ChatState requireChat(String sessionId) {
    ChatState chat = sessionId == null ? null : chatsBySessionId.get(sessionId);
    if (chat == null) {
      throw new ChatNotFoundException(sessionId);
    }
    return chat;
  }

  private ChatState requireEstablished(String sessionId, String what) {
    ChatState chat = requireChat(sessionId);
    if (chat.status != ChatStatus.ESTABLISHED) {
      throw new ChatStateException("Cannot " + what + " chat " + sessionId + ": it is " + chat.status
          + " (only an ESTABLISHED chat)");
    }
    return chat;
  }

  /** Queues a message for the visitor and answers a held poll at once. */
  private void send(ChasitorSession session, String type, Map<String, Object> message, List<Runnable> deliveries) {
    if (session.closed) {
      return;
    }
    session.enqueue(type, message);
    if (session.heldPoll != null) {
      CompletableFuture<ChasitorResponse> held = session.heldPoll;
      ChasitorResponse response = session.messagesResponse();
      session.heldPoll = null;
      if (session.holdTimer != null) {
        session.holdTimer.cancel(false);
        session.holdTimer = null;
      }
      session.lastPollNanos = System.nanoTime();
      deliveries.add(() -> held.complete(response));
    }
  }

  private void endChat(ChatState chat, String endedBy, List<Runnable> deliveries) {
    boolean wasQueued = chat.status == ChatStatus.QUEUED;
    chat.status = ChatStatus.ENDED;
    chat.endedBy = endedBy;
    chat.queuePosition = 0;
    chat.visitorTyping = false;
    if (wasQueued) {
      announceQueuePositions(deliveries);
    }
  }

  /** The session key stops working; a held poll gets {@code response}. */
  private void closeSession(ChasitorSession session, ChasitorResponse response, List<Runnable> deliveries) {
    session.closed = true;
    sessionsByKey.remove(session.key);
    if (session.holdTimer != null) {
      session.holdTimer.cancel(false);
      session.holdTimer = null;
    }
    if (session.heldPoll != null) {
      CompletableFuture<ChasitorResponse> held = session.heldPoll;
      session.heldPoll = null;
      deliveries.add(() -> held.complete(response));
    }
    session.outbox.clear();
  }

  /** Recomputes 1-based positions per button; visitors who asked for queue updates hear about changes. */
  private void announceQueuePositions(List<Runnable> deliveries) {
    Map<String, List<ChatState>> queues = chatsBySessionId.values().stream()
        .filter(c -> c.status == ChatStatus.QUEUED)
        .sorted(Comparator.comparingLong(c -> c.queueTicket))
        .collect(Collectors.groupingBy(c -> c.request.buttonId(), LinkedHashMap::new, Collectors.toList()));
    for (List<ChatState> queue : queues.values()) {
      for (int i = 0; i < queue.size(); i++) {
        ChatState chat = queue.get(i);
        int position = i + 1;
        if (chat.queuePosition != position) {
          chat.queuePosition = position;
          if (chat.request.receiveQueueUpdates()) {
            send(chat.session, "QueueUpdate", Json.object("position", position,
                "estimatedWaitTime", estimatedWait(position)), deliveries);
          }
        }
      }
    }
  }

  private java.util.stream.Stream<ChatState> queuedOn(String buttonId) {
    return chatsBySessionId.values().stream()
        .filter(c -> c.status == ChatStatus.QUEUED && c.request.buttonId().equals(buttonId));
  }

  private static int estimatedWait(int position) {
    return position * ESTIMATED_SECONDS_PER_QUEUE_POSITION;
  }

  /** A stable, Salesforce-looking User id (prefix 005) per agent name. */
  private static String agentUserId(String agentName) {
    return String.format("005%012X", agentName.hashCode() & 0xFFFFFFFFL);
  }

  /** Sessions whose visitor stopped polling end with endedBy "timeout"; their keys then get 403. */
  private void endIdleSessions() {
    List<Runnable> deliveries = new ArrayList<>();
    try {
      synchronized (lock) {
        long now = System.nanoTime();
        for (ChasitorSession session : List.copyOf(sessionsByKey.values())) {
          if (session.heldPoll == null && now - session.lastPollNanos > sessionTimeout.toNanos()) {
            if (session.chat != null && session.chat.isOpen()) {
              endChat(session.chat, LiveAgentChat.ENDED_BY_TIMEOUT, deliveries);
              log.info("Live Agent chat {} timed out: the visitor stopped polling", session.id);
            }
            closeSession(session, ChasitorResponse.sessionInvalid(), deliveries);
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
