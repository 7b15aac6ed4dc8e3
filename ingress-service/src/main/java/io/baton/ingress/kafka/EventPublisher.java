package io.baton.ingress.kafka;

import io.baton.topics.ConversationInputs;
import io.baton.topics.ConversationKey;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Writes the ingress's records, keyed by conversation, and reports when Kafka has acknowledged them (acks=all,
 * idempotent: the producer's settings come from KafkaSettings). One producer serves every topic, so values are
 * serialized here with each topic's own serde. The returned future never blocks a caller's thread. Not transactional:
 * conversation.inputs.v1 must never hold records of a transaction (the router reads what is acknowledged).
 */
public final class EventPublisher implements AutoCloseable {
  private final Producer<String, byte[]> producer;
  private final Duration timeout;
  private final WriteOutcomes outcomes = new WriteOutcomes(System::nanoTime);

  /** {@code timeout}: the producer is configured to give up by then; the future fails shortly after at the latest. */
  public EventPublisher(Producer<String, byte[]> producer, Duration timeout) {
    this.producer = producer;
    this.timeout = timeout;
  }

  public <V> CompletableFuture<RecordMetadata> publish(TopicSpec<String, V> topic, ConversationKey key, V value,
      TraceParent trace, String traceState) {
    return publish(topic, key.toString(), value, trace, traceState);
  }

  /** A router input (handover request, visitor or bot event) to conversation.inputs.v1, in its union envelope. */
  public CompletableFuture<RecordMetadata> publishInput(ConversationKey key, SpecificRecord input,
      TraceParent trace, String traceState) {
    return publish(Topics.CONVERSATION_INPUTS, key, ConversationInputs.of(input), trace, traceState);
  }

  /** For topics not keyed by conversation (connections.v1 is keyed by connectionId). */
  public <V> CompletableFuture<RecordMetadata> publish(TopicSpec<String, V> topic, String key, V value,
      TraceParent trace, String traceState) {
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      byte[] bytes = topic.valueSerde().serializer().serialize(topic.name(), value);
      ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic.name(), key, bytes);
      TraceHeaders.write(record.headers(), trace, traceState);
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          acked.completeExceptionally(error);
        } else {
          acked.complete(metadata);
        }
      });
    } catch (RuntimeException e) { // send throws synchronously when metadata or buffer space is not available in time
      acked.completeExceptionally(e);
    }
    acked.whenComplete((metadata, error) -> outcomes.record(error)); // what readiness says about writing
    // A safety net only: delivery.timeout.ms already bounds the callback.
    return acked.orTimeout(timeout.toMillis() + 5_000, TimeUnit.MILLISECONDS);
  }

  /** How the writes went lately (readiness). */
  public WriteOutcomes outcomes() {
    return outcomes;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
