package io.baton.sandbox.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.Snapshots;
import io.javalin.Javalin;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce Messaging for In-App and Web (MIAW), as an unauthenticated web visitor and the agent see it: access
 * tokens, conversations with routing attributes, messages (deduplicated by their {@code id}), typing entries, close,
 * and per token a numbered event log behind the SSE stream, so a client that reconnects with {@code Last-Event-Id}
 * gets exactly what it missed ({@link MiawEventStreams}). All state is behind one lock; listeners (SSE streams) are
 * called outside it.
 */
public final class MiawSimulator extends SimulatorSupport {
  /** Its URL segment and console label. */
  public static final String NAME = "miaw";
  private static final Logger log = LoggerFactory.getLogger(MiawSimulator.class);
  /** The conversation id a client picks: a lowercase UUID, as documented. */
  static final Pattern LOWERCASE_UUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");

  public enum Status { ROUTING, ACTIVE, CLOSED }

  /** One line of a conversation as the agent sees it. */
  public record Line(String from, String text) {}

  /** A snapshot of one conversation. */
  public record Conversation(String id, String orgId, String esDeveloperName, Map<String, String> routingAttributes,
      Status status, String agentName, List<Line> transcript, boolean visitorTyping) {}

  /** One event of a token's stream. */
  public record Event(long id, String type, String data) {}

  private final Object lock = new Object();
  private final MiawEventStreams streams = new MiawEventStreams(lock);
  private final Map<String, MiawConversationState> conversations = new LinkedHashMap<>();
  /** Files of messages (both ways), served at {@code /sandbox/miaw/files/{id}}. */
  private final Map<String, StoredFile> files = new java.util.concurrent.ConcurrentHashMap<>();
  private final MiawRateLimits limits = new MiawRateLimits();
  private volatile String publicUrl = "http://localhost:8090";

  /** A file kept for download. */
  public record StoredFile(String name, String mimeType, byte[] bytes) {}
  /** The agent's actions: accept, message, typing, leave (participant removed, routed again), transfer, end. */
  private final AgentDesk desk = Desk.of(NAME, this::deskChats, this::deskChat).accept(this::accept)
      .say(this::agentSays).typing(this::agentTyping).leave(this::agentLeaves).transfer(this::transfer)
      .end(this::endByAgent)
      .refusals(e -> e instanceof Refused r ? new DeskException(r.status(), r.getMessage()) : null).build();

  public MiawSimulator() {
    super(NAME);
  }

  /** The visitor API (faults keyed by the path under {@code /iamessage/api/v2/}) and the SSE stream. */
  @Override
  protected void registerApi(Javalin app) {
    MiawApi.register(app, this, faults());
  }

  @Override
  public AgentDesk desk() {
    return desk;
  }

  /** Ends every SSE stream. */
  @Override
  public void close() {
    dropStreams();
  }

  /** Thrown for a request the API refuses; {@code status} is the HTTP status. */
  public static final class Refused extends RuntimeException {
    final int status;

    Refused(int status, String message) {
      super(message);
      this.status = status;
    }

    public int status() {
      return status;
    }
  }

  // ---------------------------------------------------------------- visitor side (REST)

  String accessToken(String orgId, String esDeveloperName) {
    return streams.accessToken(orgId, esDeveloperName);
  }

  boolean validToken(String token) {
    return streams.validToken(token);
  }

  /** A continuation token for a valid one: the same visitor, its conversations and its event log. */
  String continuation(String token) {
    return streams.continuation(token);
  }

  /** How long tokens issued from now on are valid (default an hour, a guess: the docs name no figure). */
  public void tokenLifetime(java.time.Duration lifetime) {
    streams.tokenLifetime(lifetime);
  }

  /** Fault: streams opened from now on ignore {@code Last-Event-Id} and start with the next new event. */
  public void ignoreLastEventId(boolean ignore) {
    streams.ignoreLastEventId(ignore);
  }

  /** The documented rate limits, as enforced here. */
  public MiawRateLimits rateLimits() {
    return limits;
  }

  /** The sandbox's own base URL, for the download URLs of files. */
  public void publicUrl(String url) {
    this.publicUrl = url;
  }

  Optional<StoredFile> file(String id) {
    return Optional.ofNullable(files.get(id));
  }

  /** The conversation's entries, oldest first (a valid token of its visitor, else 401/404). */
  List<Map<String, Object>> entries(String token, String conversationId) {
    synchronized (lock) {
      MiawEventStreams.Visitor visitor = streams.visitor(token);
      MiawConversationState state = conversations.get(conversationId);
      if (state == null || state.visitor != visitor) {
        throw new Refused(404, "no such conversation");
      }
      return List.copyOf(state.entries);
    }
  }

  /** The organization of a token's visitor (null for an unknown or expired token), for rate limits. */
  String orgOf(String token) {
    synchronized (lock) {
      try {
        return streams.visitor(token).orgId;
      } catch (Refused e) {
        return null;
      }
    }
  }

  /** A file from the visitor (the file upload): one message entry with the file as its attachment. */
  void visitorFile(String token, String conversationId, String messageId, String text, StoredFile file) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = open(token, conversationId);
      if (!state.messageIds.add(messageId)) {
        return;
      }
      MiawEntries.File f = store(file);
      state.add(new Line("visitor", (text == null || text.isEmpty() ? "" : text + " ") + "[" + f.name() + "] "
          + f.url()));
      emit(state, "CONVERSATION_MESSAGE", MiawEntries.messageEntry(state.id, "EndUser", "Visitor", messageId, text,
          List.of(f)), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  private MiawEntries.File store(StoredFile file) {
    String id = UUID.randomUUID().toString();
    files.put(id, file);
    return new MiawEntries.File(id, file.name(), file.mimeType(), file.bytes().length,
        publicUrl + "/sandbox/miaw/files/" + id);
  }

  /** Creating a conversation again with the same id and token is a no-op (a client's retry); another token is 409. */
  void createConversation(String token, String conversationId, String esDeveloperName, Map<String, String> routing) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawEventStreams.Visitor visitor = streams.visitor(token);
      if (!LOWERCASE_UUID.matcher(conversationId).matches()) {
        throw new Refused(400, "conversationId must be a lowercase UUID");
      }
      if (!visitor.esDeveloperName.equals(esDeveloperName)) {
        throw new Refused(400, "esDeveloperName does not match the access token");
      }
      MiawConversationState existing = conversations.get(conversationId);
      if (existing != null) {
        if (existing.visitor != visitor) {
          throw new Refused(409, "the conversation id is taken");
        }
        return;
      }
      MiawConversationState state = new MiawConversationState(conversationId, visitor, Map.copyOf(routing));
      conversations.put(conversationId, state);
      emitRoutingResult(state, "Initial", deliveries);
      log.info("MIAW conversation {} created", conversationId);
    }
    deliveries.forEach(Runnable::run);
  }

  /** Where the conversation stands in the queue now (position among those being routed, 30 s a place). */
  private void emitRoutingResult(MiawConversationState state, String routingType, List<Runnable> deliveries) {
    int position = (int) conversations.values().stream().filter(c -> c.status == Status.ROUTING).count();
    emit(state, "CONVERSATION_ROUTING_RESULT", MiawEntries.routingResult(state.id, routingType, position),
        deliveries);
  }

  /** A message from the visitor; a message id seen before is accepted and dropped. */
  void visitorMessage(String token, String conversationId, String messageId, String text) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = open(token, conversationId);
      if (!state.messageIds.add(messageId)) {
        return;
      }
      state.add(new Line("visitor", text));
      emit(state, "CONVERSATION_MESSAGE", MiawEntries.messageEntry(state.id, "EndUser", "Visitor", messageId, text),
          deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  void visitorTyping(String token, String conversationId, boolean typing) {
    synchronized (lock) {
      open(token, conversationId).visitorTyping = typing;
    }
  }

  void close(String token, String conversationId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = open(token, conversationId);
      closeLocked(state, deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /** Events after {@code lastEventId}, then every new one to {@code listener}, until the returned handle runs. */
  Runnable subscribe(String token, long lastEventId, Consumer<Event> listener) {
    return streams.subscribe(token, lastEventId, listener);
  }

  // ---------------------------------------------------------------- agent side (public API)

  public List<Conversation> conversations() {
    return Snapshots.all(lock, conversations, MiawConversationState::snapshot);
  }

  public Optional<Conversation> conversation(String id) {
    return Snapshots.one(lock, conversations, id, MiawConversationState::snapshot);
  }

  List<DeskChat> deskChats() {
    return Snapshots.all(lock, conversations, MiawConversationState::deskChat);
  }

  Optional<DeskChat> deskChat(String id) {
    return Snapshots.one(lock, conversations, id, MiawConversationState::deskChat);
  }

  public void accept(String conversationId, String agentName) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ROUTING);
      state.status = Status.ACTIVE;
      state.agentName = agentName;
      emit(state, "CONVERSATION_PARTICIPANT_CHANGED", MiawEntries.participantChanged(conversationId, "add", agentName),
          deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  public void agentSays(String conversationId, String text) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ACTIVE);
      state.add(new Line("agent", text));
      emit(state, "CONVERSATION_MESSAGE", MiawEntries.messageEntry(state.id, "Agent", state.agentName,
          UUID.randomUUID().toString(), text), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  public void agentTyping(String conversationId, boolean typing) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ACTIVE);
      emit(state, typing ? "CONVERSATION_TYPING_STARTED_INDICATOR" : "CONVERSATION_TYPING_STOPPED_INDICATOR",
          MiawEntries.agentTyping(conversationId, state.agentName, typing), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /** The agent sends a file (with an optional text): one message entry with it as an attachment. */
  public void agentSendsFile(String conversationId, String text, StoredFile file) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ACTIVE);
      MiawEntries.File f = store(file);
      state.add(new Line("agent", (text == null || text.isEmpty() ? "" : text + " ") + "[" + f.name() + "]"));
      emit(state, "CONVERSATION_MESSAGE", MiawEntries.messageEntry(state.id, "Agent", state.agentName,
          UUID.randomUUID().toString(), text, List.of(f)), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * The agent transfers the conversation to another agent: one CONVERSATION_PARTICIPANT_CHANGED removing the agent
   * and adding the next (the sandbox's choice: Omni-Channel's transfer to an agent, accepted at once).
   */
  public void transfer(String conversationId, String agentName) {
    if (agentName == null || agentName.isBlank()) {
      throw new Refused(400, "a transfer needs the next agent's name");
    }
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ACTIVE);
      emit(state, "CONVERSATION_PARTICIPANT_CHANGED", MiawEntries.participantsChanged(state.id,
          List.of(Map.entry("remove", state.agentName), Map.entry("add", agentName))), deliveries);
      state.agentName = agentName;
      state.add(new Line("system", "transferred to " + agentName));
    }
    deliveries.forEach(Runnable::run);
  }

  /**
   * The agent leaves: CONVERSATION_PARTICIPANT_CHANGED with the agent removed, and the conversation waits to be
   * routed to another agent.
   */
  public void agentLeaves(String conversationId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      MiawConversationState state = agentSide(conversationId, Status.ACTIVE);
      emit(state, "CONVERSATION_PARTICIPANT_CHANGED",
          MiawEntries.participantChanged(state.id, "remove", state.agentName),
          deliveries);
      state.status = Status.ROUTING;
      state.agentName = null;
      state.waitingSince = Instant.now();
      // Omni-Channel routes it again: the visitor's client hears of it as a routing result, as at the start.
      emitRoutingResult(state, "Transfer", deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  public void endByAgent(String conversationId) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      closeLocked(agentSide(conversationId, Status.ACTIVE), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /** Fault: every open SSE stream is cut; clients must reconnect with Last-Event-Id. */
  public void dropStreams() {
    streams.dropStreams();
  }

  // ---------------------------------------------------------------- internals (lock held)

  private MiawConversationState open(String token, String conversationId) {
    MiawEventStreams.Visitor visitor = streams.visitor(token);
    MiawConversationState state = conversations.get(conversationId);
    if (state == null || state.visitor != visitor) {
      throw new Refused(404, "no such conversation");
    }
    if (state.status == Status.CLOSED) {
      throw new Refused(400, "the conversation is closed");
    }
    return state;
  }

  private MiawConversationState agentSide(String conversationId, Status required) {
    MiawConversationState state = conversations.get(conversationId);
    if (state == null) {
      throw new Refused(404, "no such conversation " + conversationId);
    }
    if (state.status != required) {
      throw new Refused(409, "conversation " + conversationId + " is " + state.status + ", not " + required);
    }
    return state;
  }

  private void closeLocked(MiawConversationState state, List<Runnable> deliveries) {
    state.status = Status.CLOSED;
    state.visitorTyping = false;
    emit(state, "CONVERSATION_CLOSE_CONVERSATION", Map.of("conversationId", state.id), deliveries);
    log.info("MIAW conversation {} closed", state.id);
  }

  @SuppressWarnings("unchecked")
  private void emit(MiawConversationState state, String type, Map<String, Object> data, List<Runnable> deliveries) {
    if (data.get("conversationEntry") instanceof Map<?, ?> entry && entry.containsKey("identifier")) {
      state.entries.add((Map<String, Object>) entry);
    }
    streams.emit(state.visitor, type, write(data), deliveries);
  }

  static String agentId(String agentName) {
    return String.format("005%012X", (agentName == null ? "" : agentName).hashCode() & 0xFFFFFFFFL);
  }

  static String write(Object value) {
    return KitJson.write(value);
  }

  static JsonNode read(String body) {
    return KitJson.readOrNull(body);
  }
}
