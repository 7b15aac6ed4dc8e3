package io.baton.analytics;

import io.baton.service.EnvironmentSettings;
import java.util.Map;

/**
 * The analytics stream's settings, from the environment.
 *
 * @param applicationId its own Kafka Streams application (group, changelog, transactional ids): never the router's
 * @param stateDir where its one store lives (each conversation's live handover)
 * @param commitIntervalMs how often its output and offsets commit (exactly-once), i.e. how late its facts may be
 * @param instanceId its {@code group.instance.id} (static membership), or null
 */
public record AnalyticsConfig(String applicationId, String stateDir, long commitIntervalMs, String instanceId) {
  public AnalyticsConfig {
    if (commitIntervalMs <= 0) {
      throw new IllegalArgumentException(
          "BATON_ANALYTICS_COMMIT_INTERVAL_MS must be positive, not " + commitIntervalMs);
    }
  }

  public static AnalyticsConfig fromEnv(Map<String, String> env) {
    return new AnalyticsConfig(env.getOrDefault("BATON_ANALYTICS_APPLICATION_ID", "baton-analytics"),
        env.getOrDefault("BATON_ANALYTICS_STATE_DIR", ".baton/analytics-state"),
        EnvironmentSettings.wholeNumber(env, "BATON_ANALYTICS_COMMIT_INTERVAL_MS", 1000),
        env.get("BATON_INSTANCE_ID"));
  }
}
