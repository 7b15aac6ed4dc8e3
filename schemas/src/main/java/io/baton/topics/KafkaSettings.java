package io.baton.topics;

import io.baton.schemas.registry.RegistrySchemas;
import io.baton.schemas.registry.SchemaRegistrySettings;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * How a service reaches Kafka. {@code BATON_KAFKA_BOOTSTRAP} (default {@code localhost:9092}, the local stack's
 * broker), {@code BATON_TOPIC_REPLICATION} (default 1), and any {@code BATON_KAFKA_<PROPERTY>} passes through as a
 * client property ({@code BATON_KAFKA_SECURITY_PROTOCOL=SASL_SSL} becomes {@code security.protocol}), so SASL and
 * TLS settings need no code. On a cluster, {@code BATON_TOPIC_REPLICATION=3}: the topics Baton creates (and the
 * Streams applications' internal ones, {@link #internalTopicConfigs}) get replication 3 and
 * {@code min.insync.replicas} 2 ({@link TopicSpec#minInSyncReplicas}).
 *
 * <p>{@code BATON_INSTANCE_ID}, when set, makes every group member of this process a static member
 * ({@code group.instance.id}): restarted after a crash, it takes its partitions back at once instead of waiting out the
 * previous life's session timeout (45 s). A process has one member per group, so one id serves all its groups; two
 * processes running at once must not share one (the later fences the earlier out), so several instances of a service
 * each need their own, stable across their restarts (a StatefulSet's pod name, say). Unset: dynamic members.
 *
 * <p>{@code BATON_SCHEMA_REGISTRY_URL} (and its basic auth, see {@link SchemaRegistrySettings}): the Confluent-API
 * schema registry where this process's serdes look up schema ids that the catalogue does not hold; {@link #fromEnv}
 * sets it for the whole process ({@link RegistrySchemas#use}), since the serdes are shared constants of
 * {@link Topics}. Unset: the catalogue alone, and a record with an unknown id is dead-lettered.
 *
 * @param instanceId this process's {@code group.instance.id}, or null (dynamic membership)
 */
public record KafkaSettings(String bootstrapServers, short replicationFactor, Map<String, String> passThrough,
    String instanceId) {

  public KafkaSettings {
    if (instanceId != null && instanceId.isBlank()) {
      instanceId = null;
    }
  }

  /** Dynamic membership. */
  public KafkaSettings(String bootstrapServers, short replicationFactor, Map<String, String> passThrough) {
    this(bootstrapServers, replicationFactor, passThrough, null);
  }

  public static KafkaSettings fromEnv(Map<String, String> env) {
    String bootstrap = env.getOrDefault("BATON_KAFKA_BOOTSTRAP", "localhost:9092");
    short replication = Short.parseShort(env.getOrDefault("BATON_TOPIC_REPLICATION", "1"));
    Map<String, String> pass = new java.util.TreeMap<>();
    env.forEach((k, v) -> {
      if (k.startsWith("BATON_KAFKA_") && !k.equals("BATON_KAFKA_BOOTSTRAP")) {
        pass.put(k.substring("BATON_KAFKA_".length()).toLowerCase().replace('_', '.'), v);
      }
    });
    RegistrySchemas.use(SchemaRegistrySettings.fromEnv(env));
    return new KafkaSettings(bootstrap, replication, Map.copyOf(pass), env.get("BATON_INSTANCE_ID"));
  }

  /** The same settings with {@code id} as this process's {@code group.instance.id} (null: dynamic membership). */
  public KafkaSettings withInstanceId(String id) {
    return new KafkaSettings(bootstrapServers, replicationFactor, passThrough, id);
  }

  public static KafkaSettings of(String bootstrapServers) {
    return new KafkaSettings(bootstrapServers, (short) 1, Map.of());
  }

  /**
   * The Streams settings that give its internal topics (changelogs, repartitions) what {@link TopicSpec} gives
   * Baton's: the replication factor and its {@code min.insync.replicas}.
   */
  public Map<String, Object> internalTopicConfigs() {
    Map<String, Object> p = new java.util.HashMap<>();
    p.put("replication.factor", (int) replicationFactor);
    Integer minInSync = TopicSpec.minInSyncReplicas(replicationFactor);
    if (minInSync != null) {
      p.put("topic.min.insync.replicas", minInSync);
    }
    return p;
  }

  public Properties adminProperties() {
    Properties p = new Properties();
    p.putAll(passThrough);
    p.put("bootstrap.servers", bootstrapServers);
    return p;
  }

  /** Nothing lost, nothing doubled: acks from all replicas, idempotent retries; no linger, chats are latency-bound. */
  public Properties producerProperties(String clientId) {
    Properties p = adminProperties();
    p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
    p.put(ProducerConfig.LINGER_MS_CONFIG, "0");
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, "30000");
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, "10000");
    return p;
  }

  /**
   * Manual commits only after the work is done; read only committed records of transactional writers (the router).
   * A static member with {@link #instanceId} set.
   */
  public Properties consumerProperties(String groupId, String clientId) {
    Properties p = adminProperties();
    p.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
    if (instanceId != null) {
      p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, instanceId);
    }
    p.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
    p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
    p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "100");
    return p;
  }

  /**
   * For readers of the router's output (the log, the commands): records are read before their transaction commits
   * and passed through a {@link io.baton.delivery.SequenceGate}, which drops the replays of an aborted transaction.
   * The router is deterministic, so what it writes again after a crash is identical to what was read early.
   */
  public Properties uncommittedConsumerProperties(String groupId, String clientId) {
    Properties p = consumerProperties(groupId, clientId);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted");
    return p;
  }
}
