package io.baton.connector;

import io.baton.events.ConnectorPresence;
import io.baton.events.Platform;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Says on {@code connectors.presence.v1} that this instance runs for its platform: once before the host's start
 * returns (acknowledged, so a handover right after the start finds it), then every {@code every}, each record holding
 * for {@code holds}; a tombstone on a clean stop. A crashed instance writes nothing more, and its last record stops
 * holding by itself. The ingress reads the topic to fail at once a handover no running connector would carry.
 */
public final class PresenceHeartbeat implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(PresenceHeartbeat.class);
  private static final Duration ACK_PATIENCE = Duration.ofSeconds(30);

  private final OrderedWrites writes;
  private final Platform platform;
  private final String instanceId;
  private final HostConfig.Presence timing;
  private final Clock clock;
  private final byte[] key;
  private ScheduledExecutorService renewals;

  public PresenceHeartbeat(OrderedWrites writes, Platform platform, String instanceId, HostConfig.Presence timing,
      Clock clock) {
    this.writes = writes;
    this.platform = platform;
    this.instanceId = instanceId;
    this.timing = timing;
    this.clock = clock;
    this.key = (platform.name() + "/" + instanceId).getBytes(StandardCharsets.UTF_8);
  }

  /** Writes the first record and waits for its acknowledgement, then renews it until {@link #close}. */
  public synchronized void start() {
    write(presence()).orTimeout(ACK_PATIENCE.toMillis(), TimeUnit.MILLISECONDS).join();
    renewals = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, platform.name() + "-" + instanceId + "-presence");
      t.setDaemon(true);
      return t;
    });
    long every = timing.every().toMillis();
    // with a fixed delay: a late renewal is not followed by a burst of catch-ups
    renewals.scheduleWithFixedDelay(this::renew, every, every, TimeUnit.MILLISECONDS);
  }

  private void renew() {
    write(presence()).exceptionally(e -> {
      // the next renewal tries again; the record holds for several renewals
      log.warn("{}/{}: presence not renewed: {}", platform, instanceId, e.toString());
      return null;
    });
  }

  private ConnectorPresence presence() {
    Instant now = clock.instant().truncatedTo(ChronoUnit.MILLIS);
    return ConnectorPresence.newBuilder().setPlatform(platform).setInstanceId(instanceId).setWrittenAt(now)
        .setHoldsUntil(now.plus(timing.holds())).build();
  }

  private CompletableFuture<Void> write(ConnectorPresence value) {
    byte[] bytes = value == null ? null
        : Topics.CONNECTOR_PRESENCE.valueSerde().serializer().serialize(Topics.CONNECTOR_PRESENCE.name(), value);
    return writes.write(List.of(new ProducerRecord<>(Topics.CONNECTOR_PRESENCE.name(), key, bytes)));
  }

  /** Stops renewing without a word, as a crash would (tests). */
  synchronized void stopRenewing() {
    if (renewals != null) {
      renewals.shutdownNow();
      renewals = null;
    }
  }

  /** Stops renewing and writes the tombstone: from now on no handover counts on this instance. */
  @Override
  public synchronized void close() {
    boolean wasRunning = renewals != null;
    stopRenewing();
    if (!wasRunning) {
      return;
    }
    try {
      write(null).get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      log.warn("{}/{}: presence not withdrawn ({}); it lapses after {}", platform, instanceId, e.toString(),
          timing.holds());
    }
  }
}
