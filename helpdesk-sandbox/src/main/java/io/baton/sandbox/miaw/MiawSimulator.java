package io.baton.sandbox.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.Snapshots;
import io.javalin.Javalin;
import java.time.Instant;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Salesforce Messaging for In-App and Web (MIAW), as an unauthenticated web visitor and the agent see it: access
 * tokens, conversations with routing attributes, messages (deduplicated by their {@code id}), typing entries, close,
 * and per token a numbered event log behind the SSE stream, so a client that reconnects with {@code Last-Event-Id}
 * gets exactly what it missed. All state is behind one lock; listeners (SSE streams) are called outside it.
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

  private static final class Visitor {
    final String orgId;
    final String esDeveloperName;
    final List<Event> events = new ArrayList<>();
    final List<Subscription> listeners = new ArrayList<>();
    /** Deliveries of one token's stream go one at a time, in event order. */
    final Object delivery = new Object();

    Visitor(String orgId, String esDeveloperName) {
      this.orgId = orgId;
      this.esDeveloperName = esDeveloperName;
    }
  }

  private static final class Subscription {
    final Consumer<Event> sink;
    long lastSent;

    Subscription(Consumer<Event> sink, long lastSent) {
      this.sink = sink;
      this.lastSent = lastSent;
    }
  }

  private static final class State {
    final String id;
    final String token;
    final Visitor visitor;
    final Map<String, String> routingAttributes;
    Status status = Status.ROUTING;
    String agentName;
    final List<Line> transcript = new ArrayList<>();
    /** When each transcript line was said. */
    final List<Instant> said = new ArrayList<>();
    /** Since when it waits to be routed to an agent. */
    Instant waitingSince = Instant.now();
    final Set<String> messageIds = ConcurrentHashMap.newKeySet();
    boolean visitorTyping;

    State(String id, String token, Visitor visitor, Map<String, String> routingAttributes) {
      this.id = id;
      this.token = token;
      this.visitor = visitor;
      this.routingAttributes = routingAttributes;
    }

    Conversation snapshot() {
      return new Conversation(id, visitor.orgId, visitor.esDeveloperName, Map.copyOf(routingAttributes), status,
          agentName, List.copyOf(transcript), visitorTyping);
    }

    void add(Line line) {
      transcript.add(line);
      said.add(Instant.now());
    }

    DeskChat deskChat() {
      DeskStatus deskStatus = switch (status) {
        case ROUTING -> DeskStatus.QUEUED;
        case ACTIVE -> DeskStatus.ACTIVE;
        case CLOSED -> DeskStatus.ENDED;
      };
      String visitorName = routingAttributes.getOrDefault("visitorName", routingAttributes.get("name"));
      List<DeskLine> lines = new ArrayList<>();
      for (int i = 0; i < transcript.size(); i++) {
        lines.add(new DeskLine(transcript.get(i).from(), transcript.get(i).text(), said.get(i)));
      }
      return new DeskChat(NAME, id, deskStatus, status == Status.ROUTING ? waitingSince : null, agentName,
          visitorName, new java.util.TreeMap<>(routingAttributes), lines);
    }
  }

  private final Object lock = new Object();
  private final SecureRandom random = new SecureRandom();
  private final Map<String, Visitor> visitors = new LinkedHashMap<>();
  private final Map<String, State> conversations = new LinkedHashMap<>();
  /** The agent's actions: accept, message, typing, leave (participant removed, routed again), end. No transfer. */
  private final AgentDesk desk = Desk.of(NAME, this::deskChats, this::deskChat).accept(this::accept)
      .say(this::agentSays).typing(this::agentTyping).leave(this::agentLeaves).end(this::endByAgent)
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
    byte[] secret = new byte[24];
    random.nextBytes(secret);
    String token = "miaw." + HexFormat.of().formatHex(secret);
    synchronized (lock) {
      visitors.put(token, new Visitor(orgId, esDeveloperName));
    }
    return token;
  }

  boolean validToken(String token) {
    synchronized (lock) {
      return token != null && visitors.containsKey(token);
    }
  }

  /** Creating a conversation again with the same id and token is a no-op (a client's retry); another token is 409. */
  void createConversation(String token, String conversationId, String esDeveloperName, Map<String, String> routing) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      Visitor visitor = visitor(token);
      if (!LOWERCASE_UUID.matcher(conversationId).matches()) {
        throw new Refused(400, "conversationId must be a lowercase UUID");
      }
      if (!visitor.esDeveloperName.equals(esDeveloperName)) {
        throw new Refused(400, "esDeveloperName does not match the access token");
      }
      State existing = conversations.get(conversationId);
      if (existing != null) {
        if (!existing.token.equals(token)) {
          throw new Refused(409, "the conversation id is taken");
        }
        return;
      }
      State state = new State(conversationId, token, visitor, Map.copyOf(routing));
      conversations.put(conversationId, state);
      emitRoutingResult(state, "Initial", deliveries);
      log.info("MIAW conversation {} created", conversationId);
    }
    deliveries.forEach(Runnable::run);
  }

  /** Where the conversation stands in the queue now (position among those being routed, 30 s a place). */
  private void emitRoutingResult(State state, String routingType, List<Runnable> deliveries) {
    int position = (int) conversations.values().stream().filter(c -> c.status == Status.ROUTING).count();
    emit(state, "CONVERSATION_ROUTING_RESULT", Map.of("conversationId", state.id, "routingResult",
        Map.of("routingType", routingType, "failureType", "None", "estimatedWaitTime",
            Map.of("estimatedWaitTimeInSeconds", 30 * position, "positionInQueue", position))),
        deliveries);
  }

  /** A message from the visitor; a message id seen before is accepted and dropped. */
  void visitorMessage(String token, String conversationId, String messageId, String text) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      State state = open(token, conversationId);
      if (!state.messageIds.add(messageId)) {
        return;
      }
      state.add(new Line("visitor", text));
      emit(state, "CONVERSATION_MESSAGE", messageEntry(state, "EndUser", "Visitor", messageId, text), deliveries);
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
      State state = open(token, conversationId);
      closeLocked(state, deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  /** Events after {@code lastEventId}, then every new one to {@code listener}, until the returned handle runs. */
  Runnable subscribe(String token, long lastEventId, Consumer<Event> listener) {
    Subscription subscription = new Subscription(listener, lastEventId);
    Visitor visitor;
    synchronized (lock) {
      visitor = visitor(token);
      visitor.listeners.add(subscription);
    }
    flush(visitor);
    return () -> {
      synchronized (lock) {
        visitor.listeners.remove(subscription);
      }
    };
  }

  /** Sends every subscriber what it has not had yet, in order. */
  private void flush(Visitor visitor) {
    synchronized (visitor.delivery) {
      List<Event> events;
      List<Subscription> subscriptions;
      synchronized (lock) {
        events = List.copyOf(visitor.events);
        subscriptions = List.copyOf(visitor.listeners);
      }
      for (Subscription s : subscriptions) {
        for (Event e : events) {
          if (e.id() > s.lastSent) {
            s.sink.accept(e);
            s.lastSent = e.id();
          }
        }
      }
    }
  }

  // ---------------------------------------------------------------- agent side (public API)

  public List<Conversation> conversations() {
    return Snapshots.all(lock, conversations, State::snapshot);
  }

  public Optional<Conversation> conversation(String id) {
    return Snapshots.one(lock, conversations, id, State::snapshot);
  }

  List<DeskChat> deskChats() {
    return Snapshots.all(lock, conversations, State::deskChat);
  }

  Optional<DeskChat> deskChat(String id) {
    return Snapshots.one(lock, conversations, id, State::deskChat);
  }

  public void accept(String conversationId, String agentName) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      State state = agentSide(conversationId, Status.ROUTING);
      state.status = Status.ACTIVE;
      state.agentName = agentName;
      emit(state, "CONVERSATION_PARTICIPANT_CHANGED", participantChanged(conversationId, "add", agentName),
          deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  public void agentSays(String conversationId, String text) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      State state = agentSide(conversationId, Status.ACTIVE);
      state.add(new Line("agent", text));
      emit(state, "CONVERSATION_MESSAGE", messageEntry(state, "Agent", state.agentName,
          UUID.randomUUID().toString(), text), deliveries);
    }
    deliveries.forEach(Runnable::run);
  }

  public void agentTyping(String conversationId, boolean typing) {
    List<Runnable> deliveries = new ArrayList<>();
    synchronized (lock) {
      State state = agentSide(conversationId, Status.ACTIVE);
      emit(state, typing ? "CONVERSATION_TYPING_STARTED_INDICATOR" : "CONVERSATION_TYPING_STOPPED_INDICATOR",
          Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType",
              typing ? "TypingStartedIndicator" : "TypingStoppedIndicator", "sender",
              Map.of("role", "Agent", "subject", agentId(state.agentName)))),
          deliveries);
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
      State state = agentSide(conversationId, Status.ACTIVE);
      emit(state, "CONVERSATION_PARTICIPANT_CHANGED", participantChanged(state.id, "remove", state.agentName),
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
    List<Subscription> dropped = new ArrayList<>();
    synchronized (lock) {
      visitors.values().forEach(v -> {
        dropped.addAll(v.listeners);
        v.listeners.clear();
      });
    }
    dropped.forEach(s -> s.sink.accept(null)); // null: the stream ends
  }

  // ---------------------------------------------------------------- internals (lock held)

  private Visitor visitor(String token) {
    Visitor visitor = token == null ? null : visitors.get(token);
    if (visitor == null) {
      throw new Refused(401, "invalid access token");
    }
    return visitor;
  }

  private State open(String token, String conversationId) {
    visitor(token);
    State state = conversations.get(conversationId);
    if (state == null || !state.token.equals(token)) {
      throw new Refused(404, "no such conversation");
    }
    if (state.status == Status.CLOSED) {
      throw new Refused(400, "the conversation is closed");
    }
    return state;
  }

  private State agentSide(String conversationId, Status required) {
    State state = conversations.get(conversationId);
    if (state == null) {
      throw new Refused(404, "no such conversation " + conversationId);
    }
    if (state.status != required) {
      throw new Refused(409, "conversation " + conversationId + " is " + state.status + ", not " + required);
    }
    return state;
  }

  private void closeLocked(State state, List<Runnable> deliveries) {
    state.status = Status.CLOSED;
    state.visitorTyping = false;
    emit(state, "CONVERSATION_CLOSE_CONVERSATION", Map.of("conversationId", state.id), deliveries);
    log.info("MIAW conversation {} closed", state.id);
  }

  private static Map<String, Object> participantChanged(String conversationId, String operation, String agentName) {
    return Map.of("conversationId", conversationId, "conversationEntry", Map.of("entryType", "ParticipantChanged",
        "identifier", UUID.randomUUID().toString(), "entryPayload", write(Map.of("entries", List.of(Map.of(
            "operation", operation, "displayName", agentName, "participant",
            Map.of("role", "Agent", "subject", agentId(agentName))))))));
  }

  private static Map<String, Object> messageEntry(State state, String role, String name, String messageId,
      String text) {
    return Map.of("conversationId", state.id, "conversationEntry", Map.of("entryType", "Message",
        "identifier", messageId, "senderDisplayName", name == null ? "" : name,
        "sender", Map.of("role", role, "subject", role.equals("Agent") ? agentId(name) : "visitor"),
        "entryPayload", write(Map.of("entryType", "Message", "abstractMessage", Map.of(
            "messageType", "StaticContentMessage", "id", messageId,
            "staticContent", Map.of("formatType", "Text", "text", text))))));
  }

  private void emit(State state, String type, Map<String, Object> data, List<Runnable> deliveries) {
    Visitor visitor = state.visitor;
    Event event = new Event(visitor.events.size() + 1L, type, write(data));
    visitor.events.add(event);
    deliveries.add(() -> flush(visitor));
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
