package io.baton.ingress.connection;

import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's copy of connections.v1 (compacted, keyed by connectionId): read from the beginning at start, then
 * followed, so a status set by a connector or a change made through another instance shows up here. {@link #start}
 * returns once everything written before it has been read. The ingress's own writes are applied at once on their
 * acknowledgement too (read your writes). Deleted connections are kept (status deleted) so their id is not reused.
 */
public final class ConnectionStore implements AutoCloseable {
  private final Map<String, Connection> byId = new ConcurrentHashMap<>();
  private final TopicFollower<Connection> follower;

  public ConnectionStore(KafkaSettings kafka) {
    this.follower = new TopicFollower<>(kafka, Topics.CONNECTIONS, (id, c) -> {
      if (c == null) {
        byId.remove(id); // a tombstone
      } else {
        apply(c);
      }
    });
  }

  public void start() {
    follower.start();
  }

  /** Keeps the newer of what is known and {@code c} (a replayed older record does not undo a newer write). */
  public void apply(Connection c) {
    byId.merge(c.getConnectionId(), c,
        (old, neu) -> neu.getUpdatedAt().isBefore(old.getUpdatedAt()) ? old : neu);
  }

  /** Puts back what was known before a write that was not stored ({@code previous} null: nothing). */
  public void replace(String connectionId, Connection previous) {
    if (previous == null) {
      byId.remove(connectionId);
    } else {
      byId.put(connectionId, previous);
    }
  }

  public Optional<Connection> get(String connectionId) {
    return Optional.ofNullable(byId.get(connectionId));
  }

  /** A tenant's connections, deleted ones left out, oldest id first. */
  public List<Connection> ofTenant(String tenant) {
    return byId.values().stream().filter(c -> c.getTenant().equals(tenant))
        .filter(c -> c.getStatus() != ConnectionStatus.deleted)
        .sorted(Comparator.comparing(Connection::getConnectionId)).toList();
  }

  public List<Connection> all() {
    return List.copyOf(byId.values());
  }

  @Override
  public void close() {
    follower.close();
  }
}
