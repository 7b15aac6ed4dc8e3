package io.baton.bench.pipeline;

import io.baton.topics.KafkaSettings;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.LongDeserializer;
import org.apache.kafka.common.serialization.LongSerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The floor of one Kafka hop: a record produced with the services' producer settings (acks=all, idempotent, linger 0)
 * and read by a consumer with their consumer settings (read_committed, fetch.max.wait 100 ms), send to poll return.
 * {@link Kind#COMMIT_PER_RECORD} commits a transaction per record: the floor of a read_committed exactly-once hop
 * before any commit interval. {@link Kind#OPEN_TRANSACTION} writes inside a transaction that stays open (committed
 * every {@value #OPEN_TRANSACTION_COMMIT_MS} ms, as the router commits) to a read_uncommitted reader: the floor of the
 * router's output as the gated readers see it.
 */
final class RawHop {
  static final long OPEN_TRANSACTION_COMMIT_MS = 500;

  /** How the hop writes and reads. */
  enum Kind { PLAIN, COMMIT_PER_RECORD, OPEN_TRANSACTION }

  private RawHop() {}

  static Samples measure(KafkaSettings kafka, Kind kind, int samples, double perSecond) throws Exception {
    return measure(kafka, kind, samples, perSecond, Map.of(), Map.of());
  }

  /** The same hop with some producer and consumer settings changed, to show what each setting costs. */
  static Samples measure(KafkaSettings kafka, Kind kind, int samples, double perSecond,
      Map<String, Object> producerSettings, Map<String, Object> consumerSettings) throws Exception {
    boolean transactional = kind != Kind.PLAIN;
    String topic = "bench.raw-hop-" + kind.name().toLowerCase() + "-" + System.nanoTime();
    try (Admin admin = Admin.create(kafka.adminProperties())) {
      admin.createTopics(List.of(new NewTopic(topic, 6, kafka.replicationFactor()))).all().get();
    }
    Samples out = new Samples();
    int warmup = Math.min(50, samples / 5);
    Properties pp = kafka.producerProperties("bench-raw-hop");
    pp.putAll(producerSettings);
    if (transactional) {
      pp.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "bench-raw-hop-" + topic);
    }
    Properties cp = kafka.consumerProperties("unused", "bench-raw-hop-reader");
    cp.remove("group.id");
    if (kind == Kind.OPEN_TRANSACTION) {
      cp.put("isolation.level", "read_uncommitted");
    }
    cp.putAll(consumerSettings);
    AtomicInteger received = new AtomicInteger();
    AtomicBoolean reading = new AtomicBoolean(true);
    try (KafkaProducer<String, Long> producer = new KafkaProducer<>(pp, new StringSerializer(), new LongSerializer());
         KafkaConsumer<String, Long> consumer =
             new KafkaConsumer<>(cp, new StringDeserializer(), new LongDeserializer())) {
      List<TopicPartition> partitions = List.of();
      long known = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (partitions.size() < 6 && System.nanoTime() < known) { // a new topic's metadata takes a moment
        partitions = consumer.partitionsFor(topic, Duration.ofSeconds(5)).stream()
            .map(i -> new TopicPartition(topic, i.partition())).toList();
        if (partitions.size() < 6) {
          Thread.sleep(100);
        }
      }
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      if (transactional) {
        producer.initTransactions();
      }
      Thread reader = new Thread(() -> {
        while (reading.get()) {
          for (ConsumerRecord<String, Long> r : consumer.poll(Duration.ofMillis(50))) {
            long now = System.nanoTime();
            if (received.incrementAndGet() > warmup) {
              out.add((now - r.value()) / 1000);
            }
          }
        }
      }, "raw-hop-reader");
      reader.start();
      Pacer pacer = new Pacer(perSecond);
      long opened = 0;
      for (int i = 0; i < samples + warmup; i++) {
        pacer.awaitNext();
        ProducerRecord<String, Long> record = new ProducerRecord<>(topic, "bench/c-" + (i % 64), System.nanoTime());
        if (kind == Kind.COMMIT_PER_RECORD) {
          producer.beginTransaction();
          producer.send(record);
          producer.commitTransaction();
        } else if (kind == Kind.OPEN_TRANSACTION) {
          if (opened == 0) {
            producer.beginTransaction();
            opened = System.nanoTime();
          }
          producer.send(record);
          if (System.nanoTime() - opened > OPEN_TRANSACTION_COMMIT_MS * 1_000_000) {
            producer.commitTransaction();
            opened = 0;
          }
        } else {
          producer.send(record);
        }
      }
      if (opened != 0) {
        producer.commitTransaction();
      }
      producer.flush();
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (received.get() < samples + warmup && System.nanoTime() < deadline) {
        Thread.sleep(10);
      }
      reading.set(false);
      reader.join(5_000);
    }
    return out;
  }
}
