package io.baton.router.switchboard;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ConnectorCommand;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.DeliverToVisitor;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverRequested;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.Platform;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.TimerFired;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import io.baton.operations.Operations;
import io.baton.router.RouterConfig;
import io.baton.router.availability.BusinessHours;
import io.baton.router.meters.HandoverMeters;
import io.baton.router.timers.Deadlines.Kind;
import io.baton.router.timers.Deadlines;
import io.baton.router.timers.DueTimers;
import io.baton.router.timers.TimerFirings;
import io.baton.topics.ConversationInputs;
import io.baton.topics.ConversationKey;
import io.baton.trace.TraceLogContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switchboard: one state per conversation, moved by its inputs (handover requests, visitor, bot and agent events,
 * timer firings), all read from the one ordered {@code conversation.inputs.v1}. It appends every input and every
 * decision to the conversation log and sends commands to the connector of the platform in control. It is the only
 * writer of conversation state and of the log.
 *
 * <p>Deterministic: what it outputs is a function of the conversation's committed state and the input record, nothing
 * else: no wall clock (the record's timestamp is the time of deadlines, business hours and occurredAt), no store but
 * the conversation's own state (the timer index only says when to look), no other topic (a handover carries its
 * connection's snapshot). So after a crash, the outputs of an aborted transaction are regenerated identically, and
 * readers may act on them before the commit, dropping replays by sequence. The replay-equivalence test keeps it so.
 */
public final class ConversationSwitchboard implements Processor<String, ConversationInput, String, SpecificRecord> {
  public static final String STORE = "conversations";
  public static final String TO_CONVERSATION_LOG = "conversation-log";
  public static final String TO_CONNECTORS = "connector-commands";
  /** How many ended handover ids a conversation remembers, to reject a late request for one of them. */
  static final int ENDED_HANDOVERS_KEPT = 8;
  /** How many visitor events wait for an agent at most. */
  static final int MAX_HELD = 200;
  /** A firing not processed within this long (wall clock) is sent again, if its timer is still in the index. */
  private static final long RESEND_FIRINGS_AFTER_MS = 60_000;
  private static final Logger log = LoggerFactory.getLogger(ConversationSwitchboard.class);

  private final RouterConfig config;
  private final TimerFirings firings;
  private final HandoverMeters meters = new HandoverMeters(Operations.meters());
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ConversationState> conversations;
  /** The timer index: written with the state, read only by the punctuator and by index upkeep. */
  private Deadlines deadlines;
  /** The trace of the outputs of the input being processed. */
  private OutputTrace trace;

  public ConversationSwitchboard(RouterConfig config, TimerFirings firings) {
    this.config = config;
    this.firings = firings;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.conversations = context.getStateStore(STORE);
    this.deadlines = new Deadlines(context.getStateStore(Deadlines.STORE));
    DueTimers due = new DueTimers(deadlines, firings, Math.max(RESEND_FIRINGS_AFTER_MS,
        10 * config.timerInterval().toMillis()));
    // The wall clock only decides when firings are written to the input log; what they do is decided when they are
    // read back, in the input's order.
    context.schedule(config.timerInterval(), PunctuationType.WALL_CLOCK_TIME, due::punctuate);
  }

  @Override
  public void process(Record<String, ConversationInput> record) {
    ConversationKey key;
    try {
      key = ConversationKey.parse(record.key());
    } catch (RuntimeException e) {
      log.warn("ignoring a record with an invalid conversation key: {}", e.getMessage());
      return;
    }
    Object value = record.value() == null ? null : record.value().getInput();
    trace = OutputTrace.of(record, value == null ? "" : ConversationInputs.eventId(record.value()));
    try (var logContext = TraceLogContext.open(record.key(), trace.parent())) {
      log.debug("input {}", value == null ? null : value.getClass().getSimpleName());
      decide(record, key, value);
    }
  }

  private void decide(Record<String, ConversationInput> record, ConversationKey key, Object value) {
    if (value instanceof TimerFired fired) {
      onTimer(record.key(), fired, record.timestamp());
      return;
    }
    String inputId = value == null ? null : ConversationInputs.eventId(record.value());
    if (inputId == null) {
      log.warn("ignoring an unexpected record type {}", value == null ? "null" : value.getClass().getName());
      return;
    }
    ConversationState state = load(record.key());
    if (state == null) {
      state = ConversationState.newBuilder().setTenant(key.tenant()).setConversationId(key.conversationId())
          .setLastSequence(0).setController(Controller.bot).setStatus(ConversationStatus.bot)
          .setUpdatedAt(Instant.ofEpochMilli(record.timestamp())).setCommandSequences(new HashMap<>())
          .setDeadlines(new HashMap<>()).build();
    }
    long digest = InputDigests.of(inputId);
    if (state.getRecentInputDigests().contains(digest) || state.getRecentEventIds().contains(inputId)) {
      log.debug("dropping redelivered event {} of {}", inputId, record.key());
      return;
    }
    Step step = new Step(record.key(), state, record.timestamp());
    List<Long> recent = new ArrayList<>();
    state.getRecentEventIds().forEach(id -> recent.add(InputDigests.of(id))); // a state written before digests
    recent.addAll(state.getRecentInputDigests());
    recent.add(digest);
    state.setRecentEventIds(List.of());
    state.setRecentInputDigests(last(recent, config.dedupWindow()));
    step.changed = true;
    if (value instanceof VisitorEvent v) {
      onVisitor(step, v);
    } else if (value instanceof BotEvent b) {
      onBot(step, b);
    } else if (value instanceof HandoverRequested h) {
      onHandover(step, h);
    } else {
      onAgent(step, (AgentEvent) value);
    }
    save(step);
  }

  /** The conversation's state, with maps the step may change; null when there is none. */
  private ConversationState load(String key) {
    ConversationState state = conversations.get(key);
    if (state != null) {
      state.setCommandSequences(new HashMap<>(state.getCommandSequences()));
      state.setDeadlines(new HashMap<>(state.getDeadlines()));
    }
    return state;
  }

  private void save(Step step) {
    ConversationState state = step.state;
    if (state.getController() == Controller.bot) {
      // Moving the clean-up timer on every event would double the index writes; 1% of the retention is precise enough.
      long due = step.timestamp + config.retention().toMillis();
      long known = state.getDeadlines().getOrDefault(Kind.retention.name(), 0L);
      if (due - known > config.retention().toMillis() / 100) {
        setTimer(step, Kind.retention, due);
      }
    }
    if (step.changed) {
      state.setUpdatedAt(Instant.ofEpochMilli(step.timestamp));
      conversations.put(step.key, state);
    }
  }

  // ---- timers: the deadline in the state is the truth, the index says when to look ----

  private void setTimer(Step step, Kind kind, long deadline) {
    step.state.getDeadlines().put(kind.name(), deadline);
    deadlines.schedule(step.key, kind, deadline);
    step.changed = true;
  }

  /** Sets a deadline that moves with every message (the index entry moves lazily, see Deadlines). */
  private void extendTimer(Step step, Kind kind, long deadline) {
    step.state.getDeadlines().put(kind.name(), deadline);
    deadlines.extend(step.key, kind, deadline);
    step.changed = true;
  }

  private void cancelTimer(Step step, Kind kind) {
    if (step.state.getDeadlines().remove(kind.name()) != null) {
      step.changed = true;
    }
    deadlines.cancel(step.key, kind);
  }

  // ---- visitor, bot and handover inputs ----

  private void onVisitor(Step step, VisitorEvent event) {
    ConversationState state = step.state;
    if (event.getContext() != null) {
      state.setContext(merge(state.getContext(), event.getContext()));
    }
    if (event.getChannel() != null) {
      state.setChannel(event.getChannel());
      state.setChannelConnectionId(event.getChannelConnectionId());
    }
    Object body = event.getBody();
    if (body instanceof VisitorMessage m) {
      remember(step, TranscriptRole.visitor, m.getText());
      step.log(event.getEventId(), m, event.getContext());
      relayToAgent(step, event);
    } else if (body instanceof VisitorTyping t) {
      step.log(event.getEventId(), t);
      relayToAgent(step, event);
    } else if (body instanceof VisitorLeft left) {
      step.log(event.getEventId(), left);
      if (handoverLive(state)) {
        endAtHelpdesk(step, event.getEventId(), "visitor left", EndedBy.visitor, "visitor left",
            "the visitor left the chat");
      }
    } else {
      step.log(event.getEventId(), (SpecificRecord) body);
    }
  }

  /** During a handover the visitor talks to the agent; before one can receive messages, they wait in order. */
  private void relayToAgent(Step step, VisitorEvent event) {
    ConversationState state = step.state;
    if (!handoverLive(state)) {
      return;
    }
    boolean connected = state.getStatus() == ConversationStatus.agent_connected;
    if (connected) {
      extendTimer(step, Kind.visitor_idle, step.timestamp + config.visitorIdleTimeout().toMillis());
    }
    if (platformCarriesTheChat(state)) {
      return;
    }
    if (connected) {
      step.command(event.getEventId(), visitorCommand(event));
    } else if (state.getHeldVisitorEvents().size() >= MAX_HELD) {
      // the state must stay well under Kafka's record size limit; the message is in the log, the refusal too
      step.log(event.getEventId(), rejected(event.getBody(),
          "too many visitor events are waiting for an agent (" + MAX_HELD + "): this one will not be delivered"));
    } else {
      List<VisitorEvent> held = new ArrayList<>(state.getHeldVisitorEvents());
      held.add(VisitorEvent.newBuilder(event).setContext(null).build()); // the context is in the state already
      state.setHeldVisitorEvents(held);
    }
  }

  private static SpecificRecord visitorCommand(VisitorEvent event) {
    if (event.getBody() instanceof VisitorMessage m) {
      return SendVisitorMessage.newBuilder().setMessage(m).build();
    }
    return SetVisitorTyping.newBuilder().setTyping(((VisitorTyping) event.getBody()).getTyping()).build();
  }

  private void onBot(Step step, BotEvent event) {
    if (handoverLive(step.state)) {
      // The bot must not talk over the agent; the log tells it so, and it learns of the return of control there too.
      step.log(event.getEventId(), rejected(event.getBody(),
          "an agent is in control (handover " + step.state.getHandoverId() + "): the bot's message was not delivered"));
      return;
    }
    BotMessage m = (BotMessage) event.getBody();
    remember(step, TranscriptRole.bot, m.getText());
    step.log(event.getEventId(), m);
    deliverToChannel(step, event.getEventId(), m);
  }

  /** A visitor in a platform inbox gets bot and agent messages through that platform's connector. */
  private void deliverToChannel(Step step, String cause, SpecificRecord message) {
    ConversationState state = step.state;
    if (state.getChannel() == null || platformCarriesTheChat(state)) {
      return; // the widget reads the log; an agent in the visitor's own inbox already wrote there
    }
    step.command(cause, DeliverToVisitor.newBuilder().setMessage(message).build(), state.getChannel(),
        state.getChannelConnectionId());
  }

  /** The handover went to the platform whose inbox the visitor is in: it relays both ways by itself. */
  private static boolean platformCarriesTheChat(ConversationState state) {
    return handoverLive(state) && state.getChannel() != null && state.getChannel() == state.getPlatform();
  }

  private void onHandover(Step step, HandoverRequested request) {
    ConversationState state = step.state;
    String refusal = refusal(state, request);
    if (refusal != null) {
      step.log(request.getEventId(), HandoverRejected.newBuilder().setReason(refusal).build());
      return;
    }
    if (request.getNoConnector() != null) {
      // The ingress found no running connector to carry it: fail now, with no StartChat a later connector would open.
      step.log(request.getEventId(), HandoverFailed.newBuilder().setReason(request.getNoConnector()).build());
      return;
    }
    ConnectionSnapshot connection = request.getConnectionId() == null ? null : request.getConnection();
    BusinessHours hours = businessHours(connection);
    if (hours != null && !hours.open(Instant.ofEpochMilli(step.timestamp))) {
      // nobody serves the queue now: say so at once, the bot keeps control
      step.log(request.getEventId(), HandoverFailed.newBuilder()
          .setReason("outside business hours (" + hours.spec() + ")").build());
      return;
    }
    // The connector that carries it: the Live Agent payload goes to MIAW on an Enhanced Chat connection.
    Platform target = SalesforceApis.target(request);
    state.setController(Controller.agent);
    state.setStatus(ConversationStatus.handover_requested);
    state.setHandoverId(request.getEventId());
    state.setPlatform(target);
    state.setConnectionId(request.getConnectionId());
    state.setConnection(connection);
    step.log(request.getEventId(), HandoverStarted.newBuilder().setPlatform(target)
        .setConnectionId(request.getConnectionId()).build());
    List<TranscriptEntry> transcript =
        request.getTranscript() != null ? request.getTranscript() : state.getTranscript();
    step.command(request.getEventId(), StartChat.newBuilder().setHandover(request)
        .setTranscript(new ArrayList<>(transcript)).build());
    cancelTimer(step, Kind.retention);
    setTimer(step, Kind.queue, step.timestamp + queueTimeout(state).toMillis());
  }

  /** Why this handover cannot start, or null when it can. */
  private String refusal(ConversationState state, HandoverRequested request) {
    if (handoverLive(state)) {
      return "a handover to " + state.getPlatform() + " is already live (" + state.getHandoverId() + ")";
    }
    if (state.getEndedHandoverIds().contains(request.getEventId())) {
      return "handover " + request.getEventId() + " has already ended; a new handover needs a new request";
    }
    String payloadKind = request.getPayload().getClass().getSimpleName();
    if (!payloadKind.equals(HandoverPayloads.expected(request.getPlatform()))) {
      return "the payload is a " + payloadKind + ", not one for " + request.getPlatform();
    }
    String id = request.getConnectionId();
    if (id == null) {
      return null;
    }
    // The ingress stamps the connection as it knew it; the router reads nothing but its input.
    ConnectionSnapshot connection = request.getConnection();
    if (connection == null || !connection.getConnectionId().equals(id)
        || !connection.getTenant().equals(state.getTenant())) {
      return "unknown connection " + id;
    }
    if (connection.getPlatform() != request.getPlatform()) {
      return "connection " + id + " is for " + connection.getPlatform() + ", not " + request.getPlatform();
    }
    if (!connection.getEnabled() || connection.getStatus() == ConnectionStatus.inactive
        || connection.getStatus() == ConnectionStatus.deleted) {
      return "connection " + id + " is not active";
    }
    try {
      businessHours(connection);
    } catch (IllegalArgumentException e) {
      return "connection " + id + " has unreadable businessHours: " + e.getMessage();
    }
    return SalesforceApis.refusal(request, connection);
  }

  /** The connection's business hours, or null when it has none (always open). */
  private static BusinessHours businessHours(ConnectionSnapshot connection) {
    String spec = connection == null ? null : connection.getSettings().get("businessHours");
    return spec == null || spec.isBlank() ? null : BusinessHours.parse(spec, connection.getSettings().get("timeZone"));
  }

  private Duration queueTimeout(ConversationState state) {
    ConnectionSnapshot connection = state.getConnection();
    String seconds = connection == null ? null : connection.getSettings().get("queueTimeoutSeconds");
    if (seconds != null) {
      try {
        return Duration.ofSeconds(Long.parseLong(seconds.trim()));
      } catch (NumberFormatException e) {
        log.warn("connection {} has an unreadable queueTimeoutSeconds; using the default", state.getConnectionId());
      }
    }
    return config.queueTimeout();
  }

  // ---- agent events ----

  private void onAgent(Step step, AgentEvent event) {
    ConversationState state = step.state;
    String cause = event.getEventId();
    Object body = event.getBody();
    if (!handoverLive(state) || !event.getHandoverId().equals(state.getHandoverId())) {
      step.log(cause, rejected(body, state.getHandoverId() == null
          ? "handover " + event.getHandoverId() + " is not live: no handover is live in this conversation"
          : "handover " + event.getHandoverId() + " is not live: the live handover is " + state.getHandoverId()));
      return;
    }
    if (body instanceof ChatQueued q) {
      if (state.getStatus() != ConversationStatus.agent_connected) {
        state.setStatus(ConversationStatus.queued);
      }
      step.log(cause, q);
    } else if (body instanceof AgentJoined || body instanceof ChatTransferred) {
      state.setStatus(ConversationStatus.agent_connected);
      step.log(cause, (SpecificRecord) body);
      cancelTimer(step, Kind.queue);
      setTimer(step, Kind.agent_idle, step.timestamp + config.agentIdleTimeout().toMillis());
      setTimer(step, Kind.visitor_idle, step.timestamp + config.visitorIdleTimeout().toMillis());
      for (VisitorEvent held : state.getHeldVisitorEvents()) { // none when the platform carries the chat
        step.command(held.getEventId(), visitorCommand(held));
      }
      state.setHeldVisitorEvents(new ArrayList<>());
    } else if (body instanceof AgentMessage m) {
      remember(step, TranscriptRole.agent, m.getText());
      step.log(cause, m);
      deliverToChannel(step, cause, m);
      agentActive(step);
    } else if (body instanceof AgentTyping t) {
      step.log(cause, t);
      agentActive(step);
    } else if (body instanceof AgentLeft left) {
      // The chat stays open at the helpdesk for another agent: back to waiting, messages are held again.
      state.setStatus(ConversationStatus.queued);
      step.log(cause, left);
      cancelTimer(step, Kind.agent_idle);
      cancelTimer(step, Kind.visitor_idle);
      setTimer(step, Kind.queue, step.timestamp + queueTimeout(state).toMillis());
    } else if (body instanceof ChatEnded ended) {
      step.log(cause, ended);
      returnControlToBot(step, cause, "the chat ended");
    } else if (body instanceof HandoverFailed failed) {
      step.log(cause, failed);
      returnControlToBot(step, cause, "the handover failed: " + failed.getReason());
    } else {
      step.log(cause, (SpecificRecord) body);
    }
  }

  private void agentActive(Step step) {
    if (step.state.getStatus() == ConversationStatus.agent_connected) {
      extendTimer(step, Kind.agent_idle, step.timestamp + config.agentIdleTimeout().toMillis());
    }
  }

  // ---- timers ----

  /**
   * A timer came due (its firing was written to the input log by the punctuator). It acts only when the state still
   * holds exactly that deadline for that kind; otherwise it is a repeat or was overtaken by other inputs, and is
   * dropped without output. Its time is the firing record's timestamp.
   */
  private void onTimer(String key, TimerFired fired, long timestamp) {
    Kind kind;
    try {
      kind = Kind.valueOf(fired.getKind());
    } catch (IllegalArgumentException e) {
      log.warn("ignoring a firing of an unknown timer kind {} for {}", fired.getKind(), key);
      return;
    }
    ConversationState state = load(key);
    Long deadline = state == null ? null : state.getDeadlines().get(kind.name());
    if (deadline == null || deadline != fired.getDeadline()) {
      log.debug("dropping a repeated or stale firing {} of {}", fired.getEventId(), key);
      if (deadline == null && deadlines.deadline(key, kind).orElse(-1L) == fired.getDeadline()) {
        deadlines.cancel(key, kind); // index upkeep: an entry without its timer would be fired again and again
      }
      return;
    }
    Step step = new Step(key, state, timestamp);
    cancelTimer(step, kind);
    String cause = DueTimers.eventId(kind, deadline);
    ConversationStatus status = state.getStatus();
    if (kind == Kind.retention) {
      if (!handoverLive(state)) {
        // The state of a finished conversation does not live forever: what it knew goes, but its sequence counters
        // stay, so the records of a conversation that comes back go on from them. Started at 1 again, they would be
        // dropped as repeats by every reader that still remembers the conversation (the gateway, a connector's
        // link). The counters are small, and no new clean-up timer is set until the conversation is active again.
        conversations.put(key, ConversationState.newBuilder().setTenant(state.getTenant())
            .setConversationId(state.getConversationId()).setLastSequence(state.getLastSequence())
            .setCommandSequences(state.getCommandSequences()).setController(Controller.bot)
            .setStatus(ConversationStatus.bot).setUpdatedAt(Instant.ofEpochMilli(timestamp))
            .setDeadlines(new HashMap<>()).build());
        for (Kind k : Kind.values()) {
          deadlines.cancel(key, k);
        }
        return;
      }
    } else if (kind == Kind.queue && handoverLive(state) && status != ConversationStatus.agent_connected) {
      endAtHelpdesk(step, cause, "queue timeout", EndedBy.timeout,
          "no agent was available within " + describe(queueTimeout(state)), "the handover timed out in the queue");
    } else if (kind == Kind.visitor_idle && status == ConversationStatus.agent_connected) {
      endAtHelpdesk(step, cause, "visitor inactive", EndedBy.timeout,
          "the visitor was inactive for " + describe(config.visitorIdleTimeout()), "the visitor was inactive");
    } else if (kind == Kind.agent_idle && status == ConversationStatus.agent_connected) {
      endAtHelpdesk(step, cause, "agent inactive", EndedBy.timeout,
          "the agent did not respond for " + describe(config.agentIdleTimeout()), "the agent was inactive");
    }
    save(step);
  }

  static String describe(Duration d) {
    long s = d.getSeconds();
    if (s % 3600 == 0) {
      return s / 3600 + (s == 3600 ? " hour" : " hours");
    }
    if (s % 60 == 0) {
      return s / 60 + (s == 60 ? " minute" : " minutes");
    }
    return s + (s == 1 ? " second" : " seconds");
  }

  // ---- ending ----

  private void endAtHelpdesk(Step step, String cause, String commandReason, EndedBy by, String reason,
      String controlReason) {
    step.command(cause, EndChat.newBuilder().setReason(commandReason).build());
    step.log(cause, ChatEnded.newBuilder().setEndedBy(by).setReason(reason).build());
    returnControlToBot(step, cause, controlReason);
  }

  private void returnControlToBot(Step step, String cause, String reason) {
    ConversationState state = step.state;
    state.setController(Controller.bot);
    state.setStatus(ConversationStatus.bot);
    step.log(cause, ControlReturnedToBot.newBuilder().setReason(reason).build());
    // The handover id and platform stay in the event above; the state forgets them so a new handover can start.
    List<String> ended = new ArrayList<>(state.getEndedHandoverIds());
    ended.add(state.getHandoverId());
    state.setEndedHandoverIds(last(ended, ENDED_HANDOVERS_KEPT));
    state.setHandoverId(null);
    state.setPlatform(null);
    state.setConnectionId(null);
    state.setConnection(null);
    // Held visitor messages are in the log already, where the bot, now in control, reads them.
    state.setHeldVisitorEvents(new ArrayList<>());
    cancelTimer(step, Kind.queue);
    cancelTimer(step, Kind.agent_idle);
    cancelTimer(step, Kind.visitor_idle);
  }

  private static boolean handoverLive(ConversationState state) {
    return state.getController() == Controller.agent;
  }

  private static InputRejected rejected(Object input, String reason) {
    return InputRejected.newBuilder().setInput(input == null ? "unknown" : input.getClass().getSimpleName())
        .setReason(reason).build();
  }

  private static <T> List<T> last(List<T> list, int n) {
    return list.size() <= n ? list : new ArrayList<>(list.subList(list.size() - n, list.size()));
  }

  private void remember(Step step, TranscriptRole role, String text) {
    List<TranscriptEntry> transcript = new ArrayList<>(step.state.getTranscript());
    transcript.add(new TranscriptEntry(role, text, Instant.ofEpochMilli(step.timestamp)));
    step.state.setTranscript(last(transcript, config.transcriptLength()));
  }

  private static VisitorContext merge(VisitorContext known, VisitorContext update) {
    if (known == null) {
      return update;
    }
    Map<String, String> attributes = new HashMap<>(known.getAttributes());
    attributes.putAll(update.getAttributes());
    Map<String, String> page = new HashMap<>(known.getPageProperties());
    page.putAll(update.getPageProperties());
    return VisitorContext.newBuilder()
        .setName(update.getName() != null ? update.getName() : known.getName())
        .setEmail(update.getEmail() != null ? update.getEmail() : known.getEmail())
        .setPhone(update.getPhone() != null ? update.getPhone() : known.getPhone())
        .setAttributes(attributes).setPageProperties(page).build();
  }

  /** What one input record or timer does to one conversation. */
  private final class Step {
    final String key;
    final ConversationState state;
    final long timestamp;
    boolean changed;

    Step(String key, ConversationState state, long timestamp) {
      this.key = key;
      this.state = state;
      this.timestamp = timestamp;
    }

    /**
     * Appends an event to the conversation log. Ids derive from key, sequence and cause, so a replay reproduces
     * them, and a conversation started afresh after its state was cleaned up does not reuse them.
     */
    void log(String causationId, SpecificRecord body) {
      log(causationId, body, null);
    }

    /** With what the input carried of the visitor, so bots and placeholders see a channel's variables. */
    void log(String causationId, SpecificRecord body, VisitorContext visitor) {
      long sequence = state.getLastSequence() + 1;
      state.setLastSequence(sequence);
      changed = true;
      ConversationEvent event = ConversationEvent.newBuilder()
          .setEventId(eventId(key, sequence, causationId))
          .setOccurredAt(Instant.ofEpochMilli(timestamp))
          .setTenant(state.getTenant()).setConversationId(state.getConversationId())
          .setSequence(sequence).setCausationId(causationId)
          .setController(state.getController()).setStatus(state.getStatus())
          .setHandoverId(state.getHandoverId()).setPlatform(state.getPlatform())
          .setBody(body).setContext(visitor).build();
      meters.logged(event, timestamp);
      context.forward(new Record<String, SpecificRecord>(key, event, timestamp, trace.headers()), TO_CONVERSATION_LOG);
    }

    /** A command to the connector of the platform in control. */
    void command(String causationId, SpecificRecord body) {
      command(causationId, body, state.getPlatform(), state.getConnectionId());
    }

    /**
     * A command to one platform's connector; the handover id is empty when no handover is live. Its sequence is the
     * next of the conversation's commands to that platform (each platform's commands are a topic of their own, whose
     * reader must see no gaps).
     */
    void command(String causationId, SpecificRecord body, Platform platform, String connectionId) {
      long sequence = state.getCommandSequences().merge(platform.name(), 1L, Long::sum);
      changed = true;
      ConnectorCommand command = ConnectorCommand.newBuilder()
          .setEventId(deterministicId(key + "#command#" + causationId))
          .setOccurredAt(Instant.ofEpochMilli(timestamp))
          .setTenant(state.getTenant()).setConversationId(state.getConversationId())
          .setPlatform(platform).setConnectionId(connectionId)
          .setHandoverId(state.getHandoverId() == null ? "" : state.getHandoverId()).setCausationId(causationId)
          .setBody(body).setSequence(sequence).build();
      meters.commanded(command);
      context.forward(new Record<String, SpecificRecord>(key, command, timestamp, trace.headers()), TO_CONNECTORS);
    }
  }

  static String eventId(String key, long sequence, String causationId) {
    return deterministicId(key + "#" + sequence + "#" + causationId);
  }

  static String deterministicId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
