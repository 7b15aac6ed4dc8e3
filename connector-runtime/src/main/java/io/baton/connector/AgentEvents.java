package io.baton.connector;

import io.baton.events.AgentEvent;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes platform activity to {@code agent.events.v1}; a future completes once Kafka committed the event. */
public final class AgentEvents {
  private final TransactionalWrites writes;

  public AgentEvents(TransactionalWrites writes) {
    this.writes = writes;
  }

  public CompletableFuture<Void> publish(AgentEvent event) {
    return writes.write(List.of(record(event)));
  }

  /** The record of an event, to write it in one group with others ({@link TransactionalWrites#write}). */
  public static ProducerRecord<byte[], byte[]> record(AgentEvent event) {
    String key = event.getTenant() + "/" + event.getConversationId();
    return new ProducerRecord<>(Topics.AGENT_EVENTS.name(), key.getBytes(StandardCharsets.UTF_8),
        Topics.AGENT_EVENTS.valueSerde().serializer().serialize(Topics.AGENT_EVENTS.name(), event));
  }
}
