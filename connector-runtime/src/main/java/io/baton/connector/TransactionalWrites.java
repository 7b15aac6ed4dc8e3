package io.baton.connector;

import io.baton.topics.KafkaSettings;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Everything a connector writes to Kafka (agent events, links, dead letters) goes out in Kafka transactions, so a
 * group of records written together (the events of one platform poll and the link with the new cursor) is on Kafka
 * all or not at all: a crash can make the connector repeat a platform read, but never publish its events twice.
 *
 * <p>One thread gathers whatever groups are waiting into one transaction, so thousands of chats share a commit.
 * The transactional id is stable per instance: a restarted instance fences its dead predecessor and aborts its
 * open transaction at once, rather than leaving read_committed readers waiting for the transaction timeout.
 */
public final class TransactionalWrites implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(TransactionalWrites.class);
  private static final int MAX_GROUPS_PER_TRANSACTION = 1000;

  private record Group(List<ProducerRecord<byte[], byte[]>> records, CompletableFuture<Void> done) {}

  private final KafkaProducer<byte[], byte[]> producer;
  private final BlockingQueue<Group> queue = new LinkedBlockingQueue<>();
  private final Thread thread;
  private volatile boolean running = true;
  private volatile boolean fenced;

  public TransactionalWrites(KafkaSettings kafka, String transactionalId) {
    Properties props = kafka.producerProperties(transactionalId);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, transactionalId);
    // Bounds how long readers wait behind the open transaction of an instance that died and never came back.
    props.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, "15000");
    producer = new KafkaProducer<>(props, new ByteArraySerializer(), new ByteArraySerializer());
    producer.initTransactions();
    thread = new Thread(this::run, transactionalId + "-writes");
    thread.setDaemon(true);
    thread.start();
  }

  /** Completes once every record of the group is committed on Kafka; they become visible together. */
  public CompletableFuture<Void> write(List<ProducerRecord<byte[], byte[]>> records) {
    CompletableFuture<Void> done = new CompletableFuture<>();
    if (!running) {
      done.completeExceptionally(new IllegalStateException("Kafka writes are closed"));
      return done;
    }
    queue.add(new Group(List.copyOf(records), done));
    return done;
  }

  private void run() {
    List<Group> batch = new ArrayList<>();
    while (running) {
      try {
        Group first = queue.poll(100, TimeUnit.MILLISECONDS);
        if (first == null) {
          continue;
        }
        batch.add(first);
        queue.drainTo(batch, MAX_GROUPS_PER_TRANSACTION - 1);
        producer.beginTransaction();
        for (Group g : batch) {
          g.records().forEach(producer::send);
        }
        producer.commitTransaction();
        batch.forEach(g -> g.done().complete(null));
      } catch (InterruptedException | InterruptException e) {
        // close() interrupted us, possibly inside a commit: the broker or the next instance aborts what is open.
        fail(batch, new IllegalStateException("Kafka writes are closed"));
        break;
      } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException e) {
        // Another instance took this transactional id over: this one must stop writing.
        log.error("Kafka writes stopped: {}", e.toString());
        fail(batch, e);
        fenced = true;
        running = false;
      } catch (KafkaException e) {
        log.warn("Kafka transaction failed, aborting: {}", e.toString());
        try {
          producer.abortTransaction();
        } catch (KafkaException | IllegalStateException abort) {
          // Typically fenced too (an epoch error surfaces here): the producer is unusable either way.
          log.error("could not abort the Kafka transaction: {}", abort.toString());
          fenced = true;
          running = false;
        }
        fail(batch, e);
      }
      batch.clear();
    }
    List<Group> left = new ArrayList<>();
    queue.drainTo(left);
    fail(left, new IllegalStateException("Kafka writes are closed"));
  }

  /** Another instance with the same transactional id took over (or the producer broke): stop working. */
  public boolean fenced() {
    return fenced;
  }

  private static void fail(List<Group> groups, Exception e) {
    groups.forEach(g -> g.done().completeExceptionally(e));
  }

  /** Stops at once: a transaction still open is aborted by the broker or by the next instance with this id. */
  @Override
  public void close() {
    running = false;
    thread.interrupt();
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    producer.close(Duration.ofSeconds(5));
  }
}
