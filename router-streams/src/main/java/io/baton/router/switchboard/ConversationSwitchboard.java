package io.baton.router.switchboard;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConnectorCommand;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverRequested;
import io.baton.events.HandoverStarted;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorTyping;
import io.baton.topics.ConversationKey;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The switchboard: one state per conversation, moved by handover requests, visitor, bot and agent events. It appends
 * every step to the conversation log and sends commands to the connector of the platform in control.
 * It is the only writer of conversation state and of {@code conversation.events.v1}.
 */
public final class ConversationSwitchboard implements Processor<String, SpecificRecord, String, SpecificRecord> {
  public static final String STORE = "conversations";
  public static final String TO_CONVERSATION_LOG = "conversation-log";
  public static final String TO_CONNECTORS = "connector-commands";
  private static final Logger log = LoggerFactory.getLogger(ConversationSwitchboard.class);

  private final int transcriptLength;
  private ProcessorContext<String, SpecificRecord> context;
  private KeyValueStore<String, ConversationState> conversations;

  public ConversationSwitchboard(int transcriptLength) {
    this.transcriptLength = transcriptLength;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.conversations = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, SpecificRecord> record) {
    ConversationKey key;
    try {
      key = ConversationKey.parse(record.key());
    } catch (IllegalArgumentException e) {
      log.warn("ignoring a record with an invalid conversation key: {}", e.getMessage());
      return;
    }
    ConversationState state = conversations.get(record.key());
    if (state == null) {
      state = ConversationState.newBuilder().setTenant(key.tenant()).setConversationId(key.conversationId())
          .setLastSequence(0).setController(Controller.bot).setStatus(ConversationStatus.bot)
          .setUpdatedAt(Instant.ofEpochMilli(record.timestamp())).build();
    }
    Step step = new Step(record.key(), state, record.timestamp());
    SpecificRecord value = record.value();
    if (value instanceof VisitorEvent v) {
      onVisitor(step, v);
    } else if (value instanceof BotEvent b) {
      onBot(step, b);
    } else if (value instanceof HandoverRequested h) {
      onHandover(step, h);
    } else if (value instanceof AgentEvent a) {
      onAgent(step, a);
    } else {
      log.warn("ignoring an unexpected record type {}", value == null ? "null" : value.getClass().getName());
    }
    if (step.changed) {
      state.setUpdatedAt(Instant.ofEpochMilli(record.timestamp()));
      conversations.put(record.key(), state);
    }
  }

  private void onVisitor(Step step, VisitorEvent event) {
    ConversationState state = step.state;
    if (event.getContext() != null) {
      state.setContext(merge(state.getContext(), event.getContext()));
      step.changed = true;
    }
    Object body = event.getBody();
    if (body instanceof VisitorMessage m) {
      remember(step, TranscriptRole.visitor, m.getText());
      step.log(event.getEventId(), m);
      if (handoverLive(state)) {
        step.command(event.getEventId(), SendVisitorMessage.newBuilder().setMessage(m).build());
      }
    } else if (body instanceof VisitorTyping t) {
      step.log(event.getEventId(), t);
      if (handoverLive(state)) {
        step.command(event.getEventId(), SetVisitorTyping.newBuilder().setTyping(t.getTyping()).build());
      }
    } else if (body instanceof VisitorLeft left) {
      step.log(event.getEventId(), left);
      if (handoverLive(state)) {
        step.command(event.getEventId(), EndChat.newBuilder().setReason("visitor left").build());
        step.log(event.getEventId(), ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).setReason("visitor left").build());
        returnControlToBot(step, event.getEventId(), "the visitor left the chat");
      }
    } else {
      step.log(event.getEventId(), (SpecificRecord) body);
    }
  }

  private void onBot(Step step, BotEvent event) {
    if (handoverLive(step.state)) {
      // The bot must not talk over the agent: its messages wait until control returns (it is told by the log).
      log.info("dropping a bot message for {}: an agent is in control", step.key);
      return;
    }
    BotMessage m = (BotMessage) event.getBody();
    remember(step, TranscriptRole.bot, m.getText());
    step.log(event.getEventId(), m);
  }

  private void onHandover(Step step, HandoverRequested request) {
    ConversationState state = step.state;
    if (handoverLive(state)) {
      step.log(request.getEventId(), HandoverRejected.newBuilder()
          .setReason("a handover to " + state.getPlatform() + " is already live (" + state.getHandoverId() + ")").build());
      return;
    }
    state.setController(Controller.agent);
    state.setStatus(ConversationStatus.handover_requested);
    state.setHandoverId(request.getEventId());
    state.setPlatform(request.getPlatform());
    state.setConnectionId(request.getConnectionId());
    step.changed = true;
    step.log(request.getEventId(), HandoverStarted.newBuilder().setPlatform(request.getPlatform())
        .setConnectionId(request.getConnectionId()).build());
    List<TranscriptEntry> transcript = request.getTranscript() != null ? request.getTranscript() : state.getTranscript();
    step.command(request.getEventId(), StartChat.newBuilder().setHandover(request)
        .setTranscript(new ArrayList<>(transcript)).build());
  }

  private void onAgent(Step step, AgentEvent event) {
    ConversationState state = step.state;
    if (!handoverLive(state) || !event.getHandoverId().equals(state.getHandoverId())) {
      log.info("ignoring an agent event of handover {} for {}: not the live handover", event.getHandoverId(), step.key);
      return;
    }
    String cause = event.getEventId();
    Object body = event.getBody();
    if (body instanceof ChatQueued q) {
      if (state.getStatus() != ConversationStatus.agent_connected) {
        state.setStatus(ConversationStatus.queued);
      }
      step.log(cause, q);
    } else if (body instanceof AgentJoined || body instanceof ChatTransferred) {
      state.setStatus(ConversationStatus.agent_connected);
      step.log(cause, (SpecificRecord) body);
    } else if (body instanceof AgentMessage m) {
      remember(step, TranscriptRole.agent, m.getText());
      step.log(cause, m);
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

  private void returnControlToBot(Step step, String cause, String reason) {
    ConversationState state = step.state;
    state.setController(Controller.bot);
    state.setStatus(ConversationStatus.bot);
    step.changed = true;
    step.log(cause, ControlReturnedToBot.newBuilder().setReason(reason).build());
    // The handover id and platform stay in the event above; the state forgets them so a new handover can start.
    state.setHandoverId(null);
    state.setPlatform(null);
    state.setConnectionId(null);
  }

  private static boolean handoverLive(ConversationState state) {
    return state.getController() == Controller.agent;
  }

  private void remember(Step step, TranscriptRole role, String text) {
    List<TranscriptEntry> transcript = new ArrayList<>(step.state.getTranscript());
    transcript.add(new TranscriptEntry(role, text, Instant.ofEpochMilli(step.timestamp)));
    if (transcript.size() > transcriptLength) {
      transcript = new ArrayList<>(transcript.subList(transcript.size() - transcriptLength, transcript.size()));
    }
    step.state.setTranscript(transcript);
    step.changed = true;
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

  /** What one input record does to one conversation. */
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

    /** Appends an event to the conversation log. Ids derive from key and sequence, so a replay reproduces them. */
    void log(String causationId, SpecificRecord body) {
      long sequence = state.getLastSequence() + 1;
      state.setLastSequence(sequence);
      changed = true;
      ConversationEvent event = ConversationEvent.newBuilder()
          .setEventId(deterministicId(key + "#" + sequence))
          .setOccurredAt(Instant.ofEpochMilli(timestamp))
          .setTenant(state.getTenant()).setConversationId(state.getConversationId())
          .setSequence(sequence).setCausationId(causationId)
          .setController(state.getController()).setStatus(state.getStatus())
          .setHandoverId(state.getHandoverId()).setPlatform(state.getPlatform())
          .setBody(body).build();
      context.forward(new Record<String, SpecificRecord>(key, event, timestamp), TO_CONVERSATION_LOG);
    }

    void command(String causationId, SpecificRecord body) {
      ConnectorCommand command = ConnectorCommand.newBuilder()
          .setEventId(deterministicId(key + "#command#" + causationId))
          .setOccurredAt(Instant.ofEpochMilli(timestamp))
          .setTenant(state.getTenant()).setConversationId(state.getConversationId())
          .setPlatform(state.getPlatform()).setConnectionId(state.getConnectionId())
          .setHandoverId(state.getHandoverId()).setCausationId(causationId)
          .setBody(body).build();
      context.forward(new Record<String, SpecificRecord>(key, command, timestamp), TO_CONNECTORS);
    }
  }

  static String deterministicId(String name) {
    return UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)).toString();
  }
}
