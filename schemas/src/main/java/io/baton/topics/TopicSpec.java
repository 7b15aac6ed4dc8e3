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

  public NewTopic newTopic(short replicationFactor) {
    Map<String, String> configs = new HashMap<>();
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
