package io.baton.connector;

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
    String key = event.getTenant() + "/" + event.getConversationId();
    String topic = Topics.CONVERSATION_INPUTS.name();
    return new ProducerRecord<>(topic, key.getBytes(StandardCharsets.UTF_8),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer().serialize(topic, ConversationInputs.of(event)));
  }
}
