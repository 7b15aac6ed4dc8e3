package io.baton.router;

import java.util.Map;

/**
 * The router's settings, each overridable by environment variable. The processing guarantee and commit interval
 * are chosen on purpose: exactly_once_v2 so a crash at any point leaves every event in the log once, and a short
 * commit interval because a transaction's records are only visible to read_committed readers after its commit.
 */
public record RouterConfig(String applicationId, String stateDir, String processingGuarantee, long commitIntervalMs,
    int transcriptLength) {

  public static RouterConfig fromEnv(Map<String, String> env) {
    return new RouterConfig(
        env.getOrDefault("BATON_ROUTER_APPLICATION_ID", "baton-router"),
        env.getOrDefault("BATON_ROUTER_STATE_DIR", ".baton/router-state"),
        env.getOrDefault("BATON_ROUTER_PROCESSING_GUARANTEE", "exactly_once_v2"),
        Long.parseLong(env.getOrDefault("BATON_ROUTER_COMMIT_INTERVAL_MS", "50")),
        Integer.parseInt(env.getOrDefault("BATON_ROUTER_TRANSCRIPT_LENGTH", "50")));
  }

  public static RouterConfig defaults() {
    return fromEnv(Map.of());
  }

  public RouterConfig withApplicationId(String id) {
    return new RouterConfig(id, stateDir, processingGuarantee, commitIntervalMs, transcriptLength);
  }

  public RouterConfig withStateDir(String dir) {
    return new RouterConfig(applicationId, dir, processingGuarantee, commitIntervalMs, transcriptLength);
  }
}
