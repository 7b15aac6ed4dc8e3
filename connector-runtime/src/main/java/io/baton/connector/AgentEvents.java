package io.baton.connector;

import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;

import io.baton.events.AgentEvent;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Publishes platform activity to the router's input, {@code conversation.inputs.v1}, each event wrapped in a
 * {@code ConversationInput}; a future completes once Kafka acknowledged the event.
 */
public final class AgentEvents {
  private final OrderedWrites writes;

  public AgentEvents(OrderedWrites writes) {
    this.writes = writes;
  }

  public CompletableFuture<Void> publish(AgentEvent event) {
    return writes.write(List.of(record(event)));
  }

  /** The record of an event, to write it in one group with others ({@link OrderedWrites#write}). */
  public static ProducerRecord<byte[], byte[]> record(AgentEvent event) {
    return record(event, null);
  }

  /**
   * With the chat's trace (null: none), in a span derived from the event's id, so that the event written again after
   * a crash carries the same header.
   */
  public static ProducerRecord<byte[], byte[]> record(AgentEvent event, TraceParent trace) {
    String key = event.getTenant() + "/" + event.getConversationId();
    String topic = Topics.CONVERSATION_INPUTS.name();
    ProducerRecord<byte[], byte[]> record = new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer().serialize(topic, ConversationInputs.of(event)));
    if (trace != null) {
      TraceHeaders.write(record.headers(), trace.derivedChild(event.getEventId()), null);
    }
    return record;
  }
}
