package io.baton.ingress.handover;

import io.baton.events.ConnectorPresence;
import io.baton.events.Platform;
import io.baton.ingress.kafka.TopicFollower;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * This instance's view of connectors.presence.v1: which connector instances run for which platform now. Read whole
 * before {@link #start} returns (so the first handover is judged on it), then followed. An instance's record holds
 * until its {@code holdsUntil}; a tombstone (a clean stop) ends it at once; a crashed instance's lapses.
 */
public final class RunningConnectors implements AutoCloseable {
  /** Per key ({@code <platform>/<instance>}), the instance's latest record. */
  private final Map<String, ConnectorPresence> byInstance = new ConcurrentHashMap<>();
  /** Per platform, when an instance last said it runs (also after it stopped), for the reason. */
  private final Map<Platform, Instant> lastSeen = new ConcurrentHashMap<>();
  private final TopicFollower<ConnectorPresence> follower;

  public RunningConnectors(KafkaSettings kafka) {
    follower = new TopicFollower<>(kafka, Topics.CONNECTOR_PRESENCE, (key, presence) -> {
      if (presence == null) {
        byInstance.remove(key);
      } else {
        byInstance.put(key, presence);
        lastSeen.merge(presence.getPlatform(), presence.getWrittenAt(), (a, b) -> a.isAfter(b) ? a : b);
      }
    });
  }

  public void start() {
    follower.start();
  }

  /**
   * Null when an instance of {@code platform}'s connector runs at {@code now}; else why not, for the bot and the log:
   * "no connector for dixa is running (last seen 2026-11-29T12:03:10Z)", or "... has run" when none ever said so here.
   */
  public String absence(Platform platform, Instant now) {
    boolean running = byInstance.values().stream()
        .anyMatch(p -> p.getPlatform() == platform && p.getHoldsUntil().isAfter(now));
    if (running) {
      return null;
    }
    Instant seen = lastSeen.get(platform);
    return seen == null ? "no connector for " + platform + " has run"
        : "no connector for " + platform + " is running (last seen " + seen.truncatedTo(ChronoUnit.SECONDS) + ")";
  }

  @Override
  public void close() {
    follower.close();
  }
}
