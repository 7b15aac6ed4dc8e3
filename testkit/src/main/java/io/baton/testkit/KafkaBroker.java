package io.baton.testkit;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/**
 * A real single-node KRaft Kafka broker running in this JVM (Kafka's own {@link KafkaClusterTestKit}).
 * Obtain it through {@link KafkaBrokerExtension}; one broker is shared by every test class of a module run,
 * so tests isolate themselves with unique conversation ids and consumer group ids, not with fresh brokers.
 */
public final class KafkaBroker implements AutoCloseable {
  private final KafkaClusterTestKit cluster;

  private KafkaBroker(KafkaClusterTestKit cluster) {
    this.cluster = cluster;
  }

  /** Starts a broker of its own (the extension shares one per test JVM; benchmarks start a fresh one per run). */
  public static KafkaBroker start() {
    try {
      KafkaClusterTestKit cluster = new KafkaClusterTestKit.Builder(
          new TestKitNodes.Builder().setCombined(true).setNumBrokerNodes(1).setNumControllerNodes(1).build())
          .setConfigProp("auto.create.topics.enable", "false")
          .setConfigProp("offsets.topic.replication.factor", "1")
          .setConfigProp("offsets.topic.num.partitions", "4")
          .setConfigProp("transaction.state.log.replication.factor", "1")
          .setConfigProp("transaction.state.log.min.isr", "1")
          .setConfigProp("transaction.state.log.num.partitions", "4")
          .setConfigProp("group.initial.rebalance.delay.ms", "0")
          // Tests that kill a member wait out its session: let them ask for 3 s instead of the 6 s minimum.
          .setConfigProp("group.min.session.timeout.ms", "1000")
          .setConfigProp("share.coordinator.state.topic.replication.factor", "1")
          .setConfigProp("share.coordinator.state.topic.min.isr", "1")
          .build();
      cluster.format();
      cluster.startup();
      cluster.waitForReadyBrokers();
      return new KafkaBroker(cluster);
    } catch (Exception e) {
      throw new IllegalStateException("could not start the in-process Kafka broker", e);
    }
  }

  public String bootstrapServers() {
    return cluster.bootstrapServers();
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers()));
  }

  /** Client properties pointing at this broker, to start services under test exactly as production does. */
  public Properties clientProperties() {
    Properties p = new Properties();
    p.put("bootstrap.servers", bootstrapServers());
    return p;
  }

  /**
   * Reads a topic from the beginning (all partitions, no consumer group) until {@code done} holds for what was read
   * or the timeout passes, and returns the records read, in partition order then offset order.
   */
  public <K, V> List<ConsumerRecord<K, V>> readUntil(String topic, Deserializer<K> keys, Deserializer<V> values,
      Predicate<List<ConsumerRecord<K, V>>> done, Duration timeout) {
    Properties p = clientProperties();
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, "test-reader-" + UUID.randomUUID());
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<K, V>> read = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      long deadline = System.nanoTime() + timeout.toNanos();
      while (!done.test(read) && System.nanoTime() < deadline) {
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
    }
    return read;
  }

  /** A follower of the topic for tests that read it again and again; the caller closes it. */
  public <K, V> TopicTail<K, V> tail(String topic, Deserializer<K> keys, Deserializer<V> values) {
    return new TopicTail<>(this, topic, keys, values);
  }

  /** Everything on a topic now: reads until the consumer has reached the end offsets seen at the start. */
  public <K, V> List<ConsumerRecord<K, V>> readAll(String topic, Deserializer<K> keys, Deserializer<V> values) {
    Properties p = clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    List<ConsumerRecord<K, V>> read = new ArrayList<>();
    try (KafkaConsumer<K, V> consumer = new KafkaConsumer<>(p, keys, values)) {
      List<TopicPartition> partitions = consumer.partitionsFor(topic, Duration.ofSeconds(10)).stream()
          .map(i -> new TopicPartition(topic, i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read " + topic + " to its end within 20 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
    }
    return read;
  }

  @Override
  public void close() throws Exception {
    cluster.close();
  }
}
