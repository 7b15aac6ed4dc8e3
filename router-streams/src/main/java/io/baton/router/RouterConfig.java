package io.baton.router;

import java.time.Duration;
import java.util.Map;

/**
 * The router's settings, each overridable by environment variable. The processing guarantee and commit interval
 * are chosen on purpose: exactly_once_v2 so a crash at any point leaves every event in the log once, and a short
 * commit interval because a transaction's records are only visible to read_committed readers after its commit.
 *
 * @param queueTimeout how long a handover may wait for an agent (a connection's {@code queueTimeoutSeconds}
 *     setting overrides it)
 * @param visitorIdleTimeout how long a connected chat may go without a visitor event before it is ended
 * @param agentIdleTimeout how long a connected chat may go without an agent event before it is ended
 * @param retention how long a conversation back with the bot keeps its state after its last event
 * @param dedupWindow how many recent input event ids each conversation remembers to drop redeliveries
 * @param timerInterval how often due timers are looked for (wall-clock time)
 */
public record RouterConfig(String applicationId, String stateDir, String processingGuarantee, long commitIntervalMs,
    int transcriptLength, Duration queueTimeout, Duration visitorIdleTimeout, Duration agentIdleTimeout,
    Duration retention, int dedupWindow, Duration timerInterval) {

  public static RouterConfig fromEnv(Map<String, String> env) {
    return new RouterConfig(
        env.getOrDefault("BATON_ROUTER_APPLICATION_ID", "baton-router"),
        env.getOrDefault("BATON_ROUTER_STATE_DIR", ".baton/router-state"),
        env.getOrDefault("BATON_ROUTER_PROCESSING_GUARANTEE", "exactly_once_v2"),
        Long.parseLong(env.getOrDefault("BATON_ROUTER_COMMIT_INTERVAL_MS", "50")),
        Integer.parseInt(env.getOrDefault("BATON_ROUTER_TRANSCRIPT_LENGTH", "50")),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_ROUTER_QUEUE_TIMEOUT_SECONDS", "300"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_ROUTER_VISITOR_IDLE_SECONDS", "900"))),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_ROUTER_AGENT_IDLE_SECONDS", "900"))),
        Duration.ofHours(Long.parseLong(env.getOrDefault("BATON_ROUTER_RETENTION_HOURS", "720"))),
        Integer.parseInt(env.getOrDefault("BATON_ROUTER_DEDUP_WINDOW", "64")),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("BATON_ROUTER_TIMER_INTERVAL_MS", "1000"))));
  }

  public static RouterConfig defaults() {
    return fromEnv(Map.of());
  }

  public RouterConfig withApplicationId(String id) {
    return new RouterConfig(id, stateDir, processingGuarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval);
  }

  public RouterConfig withStateDir(String dir) {
    return new RouterConfig(applicationId, dir, processingGuarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval);
  }

  public RouterConfig withProcessingGuarantee(String guarantee) {
    return new RouterConfig(applicationId, stateDir, guarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval);
  }

  public RouterConfig withQueueTimeout(Duration timeout) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength, timeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval);
  }

  public RouterConfig withTimerInterval(Duration interval) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, interval);
  }

  public RouterConfig withDedupWindow(int window) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, retention, window, timerInterval);
  }
}
