package io.baton.connector;

import io.baton.operations.DeadLetterCounter;
import io.baton.operations.KafkaClientMeters;
import io.baton.topics.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Everything a connector writes to Kafka (agent events on {@code conversation.inputs.v1}, links, refs, dead letters)
 * goes through one idempotent producer ({@code acks=all}, {@code enable.idempotence}): no Kafka transactions, so a
 * record is visible to its readers (the router reads its input read_committed) as soon as it is acknowledged, and no
 * open transaction ever holds back the records behind it. A group is sent in the order given and its future
 * completes once every record of it is acknowledged; the idempotent producer keeps each partition's order through
 * its retries. Groups that must be visible one after the other (a chat's agent events, then its link) are written
 * one after the other by the caller ({@code Chat.write}): the link is sent only once its events are acknowledged.
 *
 * <p>Without transactions a crash can leave half of what belonged together: events acknowledged, their link not. The
 * restarted connector then repeats the platform read from the older link and writes the same events again with the
 * same deterministic ids (handover id + seed), which the router drops (it remembers recent input event ids).
 *
 * <p>Two instances given the same instance id, or a zombie instance that lost its partitions and has not noticed
 * yet, no longer fence each other (there is no transactional id to fence with): both may write for a while. Nothing
 * a person sees is doubled, because every agent event id is deterministic and the router deduplicates inputs by
 * event id; the consumer group gives each commands partition to one member, and an instance that loses a partition
 * releases its chats (their writes fail from then on) the moment its consumer learns of it. The instance id only
 * names clients now (logs, metrics); keep it unique per live instance all the same.
 *
 * <p>Futures complete on this writer's own thread, never on the producer's I/O thread, so what runs after a write
 * (the next write, a platform call) cannot stall or deadlock the producer.
 */
public final class OrderedWrites implements AutoCloseable {
  private final KafkaProducer<byte[], byte[]> producer;
  private final ExecutorService completions;
  private final AutoCloseable meters;
  private final String service;
  private volatile boolean closed;

  public OrderedWrites(KafkaSettings kafka, String clientId) {
    this(kafka, clientId, clientId);
  }

  /** With the producer's metrics tagged as {@code service}'s. */
  public OrderedWrites(KafkaSettings kafka, String clientId, String service) {
    producer = new KafkaProducer<>(kafka.producerProperties(clientId), new ByteArraySerializer(),
        new ByteArraySerializer());
    meters = KafkaClientMeters.bind(producer, service);
    this.service = service;
    completions = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, clientId + "-writes");
      t.setDaemon(true);
      return t;
    });
  }

  /** Sends the records in order; completes once every one of them is acknowledged by Kafka. */
  public CompletableFuture<Void> write(List<ProducerRecord<byte[], byte[]>> records) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (closed) {
      done.completeExceptionally(new IllegalStateException("Kafka writes are closed"));
      return done;
    }
    if (records.isEmpty()) {
      done.complete(null);
      return done;
    }
    AtomicInteger left = new AtomicInteger(records.size());
    try {
      for (ProducerRecord<byte[], byte[]> r : records) {
        producer.send(r, (metadata, error) -> {
          if (error != null) {
            complete(done, error);
            return;
          }
          DeadLetterCounter.countIfDeadLetter(service, r.topic());
          if (left.decrementAndGet() == 0) {
            complete(done, null);
          }
        });
      }
    } catch (RuntimeException e) { // closed meanwhile, a record too large, the buffer full for too long
      complete(done, e);
    }
    return done;
  }

  private void complete(CompletableFuture<Void> done, Throwable error) {
    try {
      completions.execute(() -> {
        if (error == null) {
          done.complete(null);
        } else {
          done.completeExceptionally(error);
        }
      });
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      done.completeExceptionally(new IllegalStateException("Kafka writes are closed"));
    }
  }

  /** Stops writing: what was sent is flushed for a few seconds, then the producer closes. */
  @Override
  public void close() {
    closed = true;
    producer.close(Duration.ofSeconds(5));
    KafkaClientMeters.unbind(meters);
    completions.shutdown();
  }
}
