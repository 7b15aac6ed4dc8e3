package io.baton.topics;

import io.baton.events.AgentEvent;
import io.baton.events.BotEvent;
import io.baton.events.ConversationInput;
import io.baton.events.HandoverRequested;
import io.baton.events.TimerFired;
import io.baton.events.VisitorEvent;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Records of {@code conversation.inputs.v1}: one input of the router in its union envelope. */
public final class ConversationInputs {
  private ConversationInputs() {}

  /** Wraps a handover request, visitor, bot or agent event or a timer firing. */
  public static ConversationInput of(SpecificRecord input) {
    if (!(input instanceof HandoverRequested || input instanceof VisitorEvent || input instanceof BotEvent
        || input instanceof AgentEvent || input instanceof TimerFired)) {
      throw new IllegalArgumentException("not a router input: " + (input == null ? null : input.getClass()));
    }
    return ConversationInput.newBuilder().setInput(input).build();
  }

  /** The record to produce: keyed by the input's conversation. */
  public static ProducerRecord<String, ConversationInput> record(String conversationKey, SpecificRecord input) {
    return new ProducerRecord<>(Topics.CONVERSATION_INPUTS.name(), conversationKey, of(input));
  }

  /** The event id of the input: what the router deduplicates by. */
  public static String eventId(ConversationInput input) {
    Object in = input.getInput();
    if (in instanceof HandoverRequested h) {
      return h.getEventId();
    } else if (in instanceof VisitorEvent v) {
      return v.getEventId();
    } else if (in instanceof BotEvent b) {
      return b.getEventId();
    } else if (in instanceof AgentEvent a) {
      return a.getEventId();
    }
    return ((TimerFired) in).getEventId();
  }

  /** The input if it is of the given type, else null (tests and taps that look for one kind). */
  public static <T extends SpecificRecord> T as(ConversationInput input, Class<T> type) {
    return input != null && type.isInstance(input.getInput()) ? type.cast(input.getInput()) : null;
  }
}
