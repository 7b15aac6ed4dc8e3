package io.baton.sandbox.liveagent;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.SimulatorSupport;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;

/**
 * Salesforce Live Agent (Legacy Chat) as the visitor's REST client and the agent see it: sessions
 * ({@link ChasitorSessions}), the button queues ({@link ButtonQueues}), the per-session message outbox behind the
 * long poll ({@link ChasitorMailbox}), the visitor's requests ({@link ChasitorRequests}), and the agent's actions.
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

  private final ScheduledFuture<?> idleSweeper;
  private final Object lock = new Object();
  private final List<Consumer<LiveAgentChat>> chatRequestWatchers = new CopyOnWriteArrayList<>();
  private final ChasitorMailbox mailbox;
  private final ButtonQueues queues;
  private final ChasitorSessions sessions;
  private final ChasitorRequests requests;
  private final FileTransfers files;
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
    Objects.requireNonNull(longPollHold, "longPollHold");
    Objects.requireNonNull(sessionTimeout, "sessionTimeout");
    Objects.requireNonNull(scheduler, "scheduler");
    this.mailbox = new ChasitorMailbox(lock, scheduler, longPollHold);
    this.queues = new ButtonQueues(lock, mailbox);
    this.sessions = new ChasitorSessions(lock, mailbox, queues, clientPollTimeoutSeconds, sessionTimeout);
    this.requests = new ChasitorRequests(sessions, queues, chatRequestWatchers);
    this.files = new FileTransfers(mailbox);
    // Sweep often enough that a timed-out session ends within ~1/4 of the timeout after expiry.
    long sweepMillis = Math.max(20, Math.min(1000, sessionTimeout.toMillis() / 4));
    this.idleSweeper = scheduler.scheduleWithFixedDelay(sessions::sweepIdle, sweepMillis, sweepMillis,
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
    return queues.chats();
  }

  List<DeskChat> deskChats() {
    return queues.deskChats();
  }

  Optional<DeskChat> deskChat(String sessionId) {
    return queues.deskChat(sessionId);
  }

  public Optional<LiveAgentChat> chat(String sessionId) {
    return queues.chat(sessionId);
  }

  /** Whether buttons report available (Visitor/Availability) and ChasitorInit is routed; default true. */
  public boolean agentsOnline() {
    return queues.agentsOnline();
  }

  /** With no agent online, Availability omits isAvailable and ChasitorInit gets ChatRequestFail "Unavailable". */
  public void setAgentsOnline(boolean online) {
    queues.setAgentsOnline(online);
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
    run(deliveries -> {
      ChatState chat = queues.requireChat(sessionId);
      if (chat.status != ChatStatus.QUEUED) {
        throw new ChatStateException(
            "Chat " + sessionId + " is " + chat.status + ", only a QUEUED chat can be accepted");
      }
      chat.status = ChatStatus.ESTABLISHED;
      chat.agentName = agentName;
      chat.queuePosition = 0;
      mailbox.send(chat.session, "ChatEstablished", agentJoined(agentName), deliveries);
      queues.announceQueuePositions(deliveries);
      log.info("Live Agent chat {} accepted by {}", sessionId, agentName);
    });
  }

  /** The agent sends a chat message: recorded in the transcript and sent to the visitor as ChatMessage. */
  public void agentSays(String sessionId, String text) {
    Objects.requireNonNull(text, "text");
    run(deliveries -> {
      ChatState chat = queues.requireEstablished(sessionId, "send a message to");
      chat.transcript.add(new TranscriptLine(TranscriptLine.AGENT, text, Instant.now()));
      mailbox.send(chat.session, "ChatMessage", Json.object("name", chat.agentName, "text", text), deliveries);
    });
  }

  /** AgentTyping / AgentNotTyping to the visitor. */
  public void agentTyping(String sessionId, boolean typing) {
    run(deliveries -> {
      ChatState chat = queues.requireEstablished(sessionId, "send typing to");
      mailbox.send(chat.session, typing ? "AgentTyping" : "AgentNotTyping", Json.object(), deliveries);
    });
  }

  /**
   * The agent ends an established chat: the visitor gets ChatEnded. The session stays valid until the
   * visitor acknowledged it (the next poll then gets 403) or stops polling.
   */
  public void endByAgent(String sessionId) {
    run(deliveries -> {
      ChatState chat = queues.requireEstablished(sessionId, "end");
      queues.end(chat, LiveAgentChat.ENDED_BY_AGENT, deliveries);
      mailbox.send(chat.session, "ChatEnded", Json.object("reason", "agent", "attachedRecords", List.of()), deliveries);
      log.info("Live Agent chat {} ended by the agent", sessionId);
    });
  }

  /**
   * The agent transfers an established chat to another agent: the visitor gets ChatTransferred with the new
   * agent's name and id, and the chat stays established.
   */
  public void transfer(String sessionId, String toAgentName) {
    if (toAgentName == null || toAgentName.isBlank()) {
      throw new IllegalArgumentException("agentName is required");
    }
    run(deliveries -> {
      ChatState chat = queues.requireEstablished(sessionId, "transfer");
      chat.agentName = toAgentName;
      mailbox.send(chat.session, "ChatTransferred", agentJoined(toAgentName), deliveries);
      log.info("Live Agent chat {} transferred to {}", sessionId, toAgentName);
    });
  }

  /**
   * The agent disconnects (closes the browser, loses the network): the visitor gets AgentDisconnect, the session
   * stays, and the chat waits in the queue again for another agent to accept it.
   */
  public void agentDisconnect(String sessionId) {
    run(deliveries -> {
      ChatState chat = queues.requireEstablished(sessionId, "disconnect the agent of");
      chat.status = ChatStatus.QUEUED;
      chat.agentName = null;
      chat.queuedAt = Instant.now();
      mailbox.send(chat.session, "AgentDisconnect", Json.object(), deliveries);
      queues.announceQueuePositions(deliveries);
      log.info("Live Agent chat {}: the agent disconnected", sessionId);
    });
  }

  /**
   * Fault: the session expires at once, as if Salesforce dropped it. Its chat ends (endedBy "timeout"); every
   * request with its key, a held poll included, gets 403.
   */
  public void expireSession(String sessionId) {
    run(deliveries -> {
      sessions.expire(queues.requireChat(sessionId), deliveries);
      log.info("Live Agent session {} expired on demand", sessionId);
    });
  }

  /**
   * Fault: Salesforce moves the session to another server. The affinity token changes; every request with the old
   * token, a held poll included, gets 503 until the visitor calls ReconnectSession, which hands out the new token,
   * resets the POST sequence and queues ChasitorSessionData. Nothing the visitor had not acknowledged is lost.
   */
  public void changeAffinity(String sessionId) {
    run(deliveries -> {
      sessions.changeAffinity(queues.requireChat(sessionId).session, deliveries);
      log.info("Live Agent session {}: affinity changed", sessionId);
    });
  }

  /**
   * The agent asks the visitor for a file: {@code FileTransfer {type:"Requested", fileToken, uploadServletUrl}}.
   *
   * @throws ChatStateException the chat is not ESTABLISHED
   */
  public void requestFile(String sessionId) {
    run(deliveries -> files.request(queues.requireEstablished(sessionId, "request a file in"), deliveries));
  }

  /** The agent withdraws the file request: {@code FileTransfer {type:"Canceled"}}. */
  public void cancelFileRequest(String sessionId) {
    run(deliveries -> files.cancel(queues.requireChat(sessionId), deliveries));
  }

  /** Every file visitors uploaded, oldest first. */
  public List<UploadedFile> uploadedFiles() {
    synchronized (lock) {
      return files.uploads();
    }
  }

  /** The base URL the upload servlet is announced under (the sandbox sets it once it listens). */
  public void baseUrl(String baseUrl) {
    files.baseUrl(baseUrl);
  }

  /** Requests of the session answered as taken but dropped (stale sequence, sent before ChasitorSessionData). */
  public int droppedRequests(String sessionId) {
    synchronized (lock) {
      return queues.requireChat(sessionId).session.dropped;
    }
  }

  /** ChasitorResyncState requests the session sent. */
  public int resyncs(String sessionId) {
    synchronized (lock) {
      return queues.requireChat(sessionId).session.resyncs;
    }
  }

  // ---------------------------------------------------------------- visitor side (REST, package-private)

  /** POST to the file upload servlet: {@code chatKey} is the session id. */
  ChasitorResponse upload(String chatKey, String orgId, String fileToken, String name, String contentType,
      byte[] bytes) {
    return locked(deliveries -> files.upload(queues.chat(chatKey).isPresent() ? queues.requireChat(chatKey) : null,
        orgId, fileToken, name, contentType, bytes, deliveries));
  }

  /** GET System/SessionId. */
  ChasitorResponse openSession() {
    ChasitorSession session = sessions.create();
    ChasitorResponse response;
    synchronized (lock) {
      response = sessions.add(session);
    }
    log.info("Live Agent session {} opened", session.id);
    return response;
  }

  /**
   * GET System/ReconnectSession: after a 503, the visitor learns the new affinity token; the POST sequence starts
   * again and ChasitorSessionData (queue position and the chat so far) is the next message of the long poll.
   */
  ChasitorResponse reconnectSession(String key, String affinity, long offset) {
    return locked(deliveries -> sessions.reconnect(key, affinity, offset, deliveries));
  }

  /** DELETE System/SessionId/{key}: the visitor leaves; an open chat ends by the visitor. */
  ChasitorResponse deleteSession(String key, String affinity) {
    return locked(deliveries -> sessions.delete(key, affinity, deliveries));
  }

  /** POST Chasitor/{action}; the caller checked the required headers are present and well formed. */
  ChasitorResponse chasitorPost(String key, String affinity, long sequence, ChasitorAction action, String body) {
    return locked(deliveries -> requests.post(key, affinity, sequence, action, body, deliveries));
  }

  /** GET System/Messages?ack=N: answered now if anything is unacknowledged, else held until a message or the hold ends. */
  CompletableFuture<ChasitorResponse> poll(String key, String affinity, long ack) {
    return locked(deliveries -> sessions.poll(key, affinity, ack, deliveries));
  }

  /** Whether a poll of this session is being held open right now (lets tests provoke a duplicate poll). */
  boolean isPollHeld(String sessionId) {
    synchronized (lock) {
      return sessions.isPollHeld(sessionId);
    }
  }

  /** GET Visitor/Availability for the given button ids. */
  ChasitorResponse availability(List<String> buttonIds, boolean needEstimatedWaitTime) {
    return queues.availability(buttonIds, needEstimatedWaitTime);
  }

  /** Answers held polls (204) and stops timers; called when the server stops. */
  public void shutdown() {
    idleSweeper.cancel(false);
    mailbox.releaseAll(sessions.all());
  }

  // ---------------------------------------------------------------- internals

  /** Runs {@code body} with the lock held, then what it left in its deliveries (completing polls) without it. */
  private void run(Consumer<List<Runnable>> body) {
    locked(deliveries -> {
      body.accept(deliveries);
      return null;
    });
  }

  /** {@link #run} for a call with an answer. */
  private <T> T locked(Function<List<Runnable>, T> body) {
    List<Runnable> deliveries = new ArrayList<>();
    T result;
    synchronized (lock) {
      result = body.apply(deliveries);
    }
    deliveries.forEach(Runnable::run);
    return result;
  }

  /** ChatEstablished / ChatTransferred: the agent the visitor now chats with. */
  private static Map<String, Object> agentJoined(String agentName) {
    return Json.object("name", agentName, "userId", agentUserId(agentName), "sneakPeekEnabled", false,
        "chasitorIdleTimeout", Json.object("isEnabled", false, "warningTime", 0, "timeout", 0));
  }

  /** A stable, Salesforce-looking User id (prefix 005) per agent name. */
  private static String agentUserId(String agentName) {
    return String.format("005%012X", agentName.hashCode() & 0xFFFFFFFFL);
  }
}
