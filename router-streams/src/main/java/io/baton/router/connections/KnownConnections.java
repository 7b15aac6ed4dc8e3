package io.baton.router.connections;

import io.baton.events.Connection;
import io.baton.topics.Topics;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the global {@code connections} store equal to the compacted {@code connections.v1}: every router instance
 * knows every connection, so a handover naming an unknown or disabled one is rejected, not sent to a connector.
 */
public final class KnownConnections implements Processor<String, Object, Void, Void> {
  public static final String STORE = "connections";
  private static final Logger log = LoggerFactory.getLogger(KnownConnections.class);
  private KeyValueStore<String, Connection> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, Object> record) {
    if (record.key() == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(record.key());
    } else if (record.value() instanceof Connection c) {
      store.put(record.key(), c);
    } else {
      log.warn("ignoring an unreadable record for connection {}: {}", record.key(), record.value());
    }
  }

  /**
   * Reads connection values; an unreadable one becomes the reason as text, so one bad record can neither stop the
   * router (global store updates have no dead-letter path) nor delete a connection as a tombstone would.
   */
  public static Deserializer<Object> lenientValues() {
    Deserializer<Connection> strict = Topics.CONNECTIONS.valueSerde().deserializer();
    return (topic, data) -> {
      if (data == null) {
        return null;
      }
      try {
        return strict.deserialize(topic, data);
      } catch (RuntimeException e) {
        return "unreadable: " + e.getMessage();
      }
    };
  }
}
