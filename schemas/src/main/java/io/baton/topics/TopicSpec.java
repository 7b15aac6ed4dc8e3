package io.baton.topics;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.Serde;

/**
 * One topic of the catalogue, with everything needed to create, produce to and consume from it, so that no topic
 * name or serde is configured twice.
 */
public record TopicSpec<K, V>(String name, int partitions, Cleanup cleanup, Duration retention, Serde<K> keySerde,
    Serde<V> valueSerde) {

  /** COMPACT_DELETE: the latest record per key, and none older than the retention. */
  public enum Cleanup {
    DELETE, COMPACT, COMPACT_DELETE
  }

  /**
   * What must acknowledge a write with {@code acks=all} (every Baton producer's) for replication {@code rf}: a
   * majority from 3 replicas on (2 of 3), so an acknowledged record survives any one broker's loss and writes go on
   * while one is down; below 3, null: the broker's own {@code min.insync.replicas} applies.
   */
  public static Integer minInSyncReplicas(short rf) {
    return rf >= 3 ? rf / 2 + 1 : null;
  }

  public NewTopic newTopic(short replicationFactor) {
    Map<String, String> configs = new HashMap<>();
    Integer minInSync = minInSyncReplicas(replicationFactor);
    if (minInSync != null) {
      configs.put(TopicConfig.MIN_IN_SYNC_REPLICAS_CONFIG, minInSync.toString());
    }
    configs.put(TopicConfig.CLEANUP_POLICY_CONFIG, switch (cleanup) {
      case COMPACT -> TopicConfig.CLEANUP_POLICY_COMPACT;
      case COMPACT_DELETE -> TopicConfig.CLEANUP_POLICY_COMPACT + "," + TopicConfig.CLEANUP_POLICY_DELETE;
      case DELETE -> TopicConfig.CLEANUP_POLICY_DELETE;
    });
    if (retention != null) {
      configs.put(TopicConfig.RETENTION_MS_CONFIG, Long.toString(retention.toMillis()));
      if (retention.isNegative()) {
        // Kept forever means by size too, whatever the broker's log.retention.bytes (the local stack bounds it).
        configs.put(TopicConfig.RETENTION_BYTES_CONFIG, "-1");
      }
    }
    return new NewTopic(name, partitions, replicationFactor).configs(configs);
  }

  @Override
  public String toString() {
    return name;
  }
}
