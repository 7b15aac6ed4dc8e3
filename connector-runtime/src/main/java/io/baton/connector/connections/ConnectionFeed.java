package io.baton.connector.connections;

import io.baton.connector.TopicFollower;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.secrets.SealedSecrets;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Arrays;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows {@code connections.v1} for one platform: every enabled connection whose credentials (or settings) changed
 * is handed to the connector with its opened secrets, and the connector's verdict (active, or inactive with the
 * reason) is written back, which the ingress shows and checks handovers against. Status-only changes (including
 * this feed's own writes) are not handed on again, so reporting never loops.
 *
 * <p>A verdict is written onto the latest record this feed has read, which may not be the latest in the log: an
 * administrator's change (or the ingress's refusal) can land between the two. Such a write would put the older
 * settings back. When the feed reads its own write right after a record it did not build on, and that record
 * changed what the connection is (credentials, settings, or the ingress's decision), it writes that record again
 * and hands it on afresh, so the later change wins, as it would have without the connector.
 */
public final class ConnectionFeed implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ConnectionFeed.class);

  /** What a connector does with a connection: check it (e.g. register its webhook), then {@link #report}. */
  @FunctionalInterface
  public interface Listener {
    void changed(Connection connection, Map<String, String> secrets);

    /** A connection handed on before was disabled or deleted (undo what activation set up at the platform). */
    default void removed(Connection connection) {}
  }

  private final KafkaSettings kafka;
  private final Platform platform;
  private final SealedSecrets secrets;
  private final Listener listener;
  private final Map<String, Connection> latest = new ConcurrentHashMap<>();
  private final Map<String, Connection> handedOn = new ConcurrentHashMap<>();
  /** Per connection, the record read last from the log (not this feed's writes until they are read back). */
  private final Map<String, Connection> lastRead = new ConcurrentHashMap<>();
  /** This feed's writes not yet read back, each with the record it was built on. */
  private final Map<Connection, Connection> unreadWrites = new ConcurrentHashMap<>();
  /** Per connection, whether the record read last is this feed's own write. */
  private final Map<String, Boolean> lastReadOwn = new ConcurrentHashMap<>();
  /** Per connection, a record this feed wrote again: handed on afresh when read, though nothing else changed. */
  private final Map<String, Connection> restored = new ConcurrentHashMap<>();
  private KafkaProducer<String, Connection> producer;
  private TopicFollower<Connection> follower;

  public ConnectionFeed(KafkaSettings kafka, Platform platform, SealedSecrets secrets, Listener listener) {
    this.kafka = kafka;
    this.platform = platform;
    this.secrets = secrets;
    this.listener = listener;
  }

  public void start() {
    producer = new KafkaProducer<>(kafka.producerProperties("connections-" + platform),
        Topics.CONNECTIONS.keySerde().serializer(), Topics.CONNECTIONS.valueSerde().serializer());
    follower = new TopicFollower<>(kafka, Topics.CONNECTIONS, (id, c) -> {
      if (c != null && c.getPlatform() == platform) {
        Connection before = lastRead.put(c.getConnectionId(), c);
        Connection basis = unreadWrites.remove(c);
        boolean beforeOwn = Boolean.TRUE.equals(lastReadOwn.put(c.getConnectionId(), basis != null));
        if (basis != null && before != null && !beforeOwn && overwrote(before, basis)) {
          restore(before, c);
          return;
        }
        latest.put(c.getConnectionId(), c);
        consider(c);
      }
    });
    follower.start();
  }

  private void consider(Connection c) {
    if (!c.getEnabled() || c.getStatus() == ConnectionStatus.deleted) {
      takeBack(c);
      return;
    }
    Connection before = handedOn.get(c.getConnectionId());
    boolean writtenAgain = restored.remove(c.getConnectionId(), c);
    if (before != null && !writtenAgain && sameCredentials(before, c)) {
      return; // only the status changed: ours, or the ingress's own
    }
    if (before != null && !writtenAgain && resealed(before, c)) {
      handedOn.put(c.getConnectionId(), c); // the same secrets under the sealing key of a rotation: nothing to redo
      return;
    }
    if (c.getStatus() == ConnectionStatus.inactive && !c.getStatusByConnector()) {
      // refused by the ingress (e.g. its Chat2Desk token is active in another connection): activating it here would
      // override that; it is handed on once it is saved admitted again. One a connector found inactive is retried.
      takeBack(c);
      return;
    }
    handedOn.put(c.getConnectionId(), c);
    Map<String, String> opened;
    try {
      opened = c.getEncryptedSecrets() == null ? Map.of()
          : secrets.open(c.getTenant(), c.getConnectionId(), c.getEncryptedSecrets().array());
    } catch (IllegalStateException e) {
      report(c.getConnectionId(), ConnectionStatus.inactive, e.getMessage());
      return;
    }
    try {
      listener.changed(c, opened);
    } catch (RuntimeException e) {
      log.error("connection {}: the connector could not take it: {}", c.getConnectionId(), e.toString());
      report(c.getConnectionId(), ConnectionStatus.inactive, "the connector could not take it: " + e.getMessage());
    }
  }

  /** Tells the connector once that a connection it was handed is no longer to be used. */
  private void takeBack(Connection c) {
    restored.remove(c.getConnectionId());
    if (handedOn.remove(c.getConnectionId()) != null) {
      try {
        listener.removed(c);
      } catch (RuntimeException e) {
        log.error("connection {}: the connector could not remove it: {}", c.getConnectionId(), e.toString());
      }
    }
  }

  /**
   * Whether a write built on {@code basis}, read right after {@code before} (another writer's), undid what
   * {@code before} changed; another connector instance's verdict alone is not worth restoring.
   */
  private static boolean overwrote(Connection before, Connection basis) {
    if (before.equals(basis)) {
      return false;
    }
    boolean ingressDecision = !before.getStatusByConnector()
        && (before.getStatus() != basis.getStatus() || !Objects.equals(before.getStatusReason(),
            basis.getStatusReason()));
    return ingressDecision || !sameCredentials(before, basis);
  }

  /** Writes {@code lost} again after {@code overwriting} (this feed's write), and hands it on afresh when read. */
  private void restore(Connection lost, Connection overwriting) {
    log.warn("connection {} changed while the connector was writing its verdict: writing the change again",
        lost.getConnectionId());
    Connection again = Connection.newBuilder(lost).setUpdatedAt(now()).build();
    restored.put(lost.getConnectionId(), again);
    latest.put(lost.getConnectionId(), again);
    write(again, overwriting);
  }

  private static Instant now() {
    return Instant.now().truncatedTo(ChronoUnit.MILLIS); // as the record keeps it, so it is known when read back
  }

  private static boolean sameCredentials(Connection a, Connection b) {
    return Objects.equals(a.getSettings(), b.getSettings()) && a.getEnabled() == b.getEnabled()
        && Arrays.equals(bytes(a), bytes(b));
  }

  /** Whether {@code b} holds {@code a}'s settings and secrets, the secrets sealed anew (a key rotation's re-seal). */
  private boolean resealed(Connection a, Connection b) {
    if (!Objects.equals(a.getSettings(), b.getSettings()) || a.getEnabled() != b.getEnabled()
        || a.getEncryptedSecrets() == null || b.getEncryptedSecrets() == null) {
      return false;
    }
    try {
      return secrets.open(a.getTenant(), a.getConnectionId(), bytes(a))
          .equals(secrets.open(b.getTenant(), b.getConnectionId(), bytes(b)));
    } catch (IllegalStateException e) { // one does not open (any more): handed on, and refused with the reason
      return false;
    }
  }

  private static byte[] bytes(Connection c) {
    if (c.getEncryptedSecrets() == null) {
      return null;
    }
    var buffer = c.getEncryptedSecrets().duplicate();
    byte[] out = new byte[buffer.remaining()];
    buffer.get(out);
    return out;
  }

  /**
   * Writes the connector's verdict onto the latest record of the connection (nothing when it already says so).
   * Completes once Kafka acknowledged it.
   */
  public CompletableFuture<Void> report(String connectionId, ConnectionStatus status, String reason) {
    Connection current = latest.get(connectionId);
    if (current == null || current.getStatus() == ConnectionStatus.deleted || !current.getEnabled()
        || (current.getStatus() == status && Objects.equals(current.getStatusReason(), reason))) {
      return CompletableFuture.completedFuture(null);
    }
    Connection updated = Connection.newBuilder(current).setStatus(status).setStatusReason(reason)
        .setStatusByConnector(true).setUpdatedAt(now()).build();
    latest.put(connectionId, updated);
    log.info("connection {} is {}{}", connectionId, status, reason == null ? "" : ": " + reason);
    return write(updated, lastRead.getOrDefault(connectionId, current));
  }

  private CompletableFuture<Void> write(Connection record, Connection basis) {
    unreadWrites.put(record, basis);
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), record.getConnectionId(), record), (m, e) -> {
      if (e == null) {
        done.complete(null);
      } else {
        unreadWrites.remove(record);
        done.completeExceptionally(e);
      }
    });
    return done;
  }

  @Override
  public void close() {
    if (follower != null) {
      follower.close();
    }
    if (producer != null) {
      producer.close(Duration.ofSeconds(5));
    }
  }
}
