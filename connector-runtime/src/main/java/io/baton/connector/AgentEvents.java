package io.baton.connector;

import io.baton.events.AgentEvent;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** Publishes platform activity to {@code agent.events.v1}; a future completes once Kafka acknowledged the event. */
public final class AgentEvents implements AutoCloseable {
  private final Producer<String, AgentEvent> producer;

  public AgentEvents(KafkaSettings kafka, String clientId) {
    this.producer = new KafkaProducer<>(kafka.producerProperties(clientId), Topics.AGENT_EVENTS.keySerde().serializer(),
        Topics.AGENT_EVENTS.valueSerde().serializer());
  }

  public CompletableFuture<Void> publish(AgentEvent event) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    String key = event.getTenant() + "/" + event.getConversationId();
    producer.send(new ProducerRecord<>(Topics.AGENT_EVENTS.name(), key, event), (meta, error) -> {
      if (error != null) {
        acked.completeExceptionally(error);
      } else {
        acked.complete(null);
      }
    });
    return acked;
  }

  @Override
  public void close() {
    producer.close();
  }
}
