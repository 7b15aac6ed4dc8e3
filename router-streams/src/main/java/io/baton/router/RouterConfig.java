package io.baton.router;

import io.baton.service.EnvironmentSettings;
import java.net.InetAddress;
import java.time.Duration;
import java.util.Map;

/**
 * The router's settings, each overridable by environment variable; a value that cannot be read fails with the name of
 * its variable.
 *
 * <p>exactly_once_v2 is for durability only: readers (gateway, connectors, webhooks) act on the router's records
 * before their transaction commits and drop replays by sequence, which is safe because the router is deterministic
 * (see README). So the commit interval no longer delays any message; 500 ms keeps the transaction markers from eating
 * the CPU (at 50 ms two cores were busy with them). The instance id makes the router a static member of its group: a
 * restarted router takes its partitions back at once instead of waiting out the session timeout.
 *
 * @param queueTimeout how long a handover may wait for an agent (a connection's {@code queueTimeoutSeconds}
 *     setting overrides it)
 * @param visitorIdleTimeout how long a connected chat may go without a visitor event before it is ended
 * @param agentIdleTimeout how long a connected chat may go without an agent event before it is ended
 * @param retention how long a conversation back with the bot keeps its state after its last event
 * @param dedupWindow how many recent input event ids each conversation remembers to drop redeliveries
 * @param timerInterval how often due timers are looked for (wall-clock time)
 * @param instanceId this router's {@code group.instance.id} (static membership; {@code BATON_ROUTER_INSTANCE_ID}, else
 *     {@code BATON_INSTANCE_ID}, else the host name); unique among the routers of one application id
 */
public record RouterConfig(String applicationId, String stateDir, String processingGuarantee, long commitIntervalMs,
    int transcriptLength, Duration queueTimeout, Duration visitorIdleTimeout, Duration agentIdleTimeout,
    Duration retention, int dedupWindow, Duration timerInterval, String instanceId) {

  public RouterConfig {
    if (instanceId == null || instanceId.isBlank()) {
      throw new IllegalArgumentException("BATON_ROUTER_INSTANCE_ID must not be blank");
    }
  }

  /** Without an instance id: this host's name. */
  public RouterConfig(String applicationId, String stateDir, String processingGuarantee, long commitIntervalMs,
      int transcriptLength, Duration queueTimeout, Duration visitorIdleTimeout, Duration agentIdleTimeout,
      Duration retention, int dedupWindow, Duration timerInterval) {
    this(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, hostName(Map.of()));
  }

  public static RouterConfig fromEnv(Map<String, String> env) {
    return new RouterConfig(
        env.getOrDefault("BATON_ROUTER_APPLICATION_ID", "baton-router"),
        env.getOrDefault("BATON_ROUTER_STATE_DIR", ".baton/router-state"),
        env.getOrDefault("BATON_ROUTER_PROCESSING_GUARANTEE", "exactly_once_v2"),
        positive(env, "BATON_ROUTER_COMMIT_INTERVAL_MS", 500),
        (int) positive(env, "BATON_ROUTER_TRANSCRIPT_LENGTH", 50),
        Duration.ofSeconds(positive(env, "BATON_ROUTER_QUEUE_TIMEOUT_SECONDS", 300)),
        Duration.ofSeconds(positive(env, "BATON_ROUTER_VISITOR_IDLE_SECONDS", 900)),
        Duration.ofSeconds(positive(env, "BATON_ROUTER_AGENT_IDLE_SECONDS", 900)),
        Duration.ofHours(positive(env, "BATON_ROUTER_RETENTION_HOURS", 720)),
        (int) positive(env, "BATON_ROUTER_DEDUP_WINDOW", 512),
        Duration.ofMillis(positive(env, "BATON_ROUTER_TIMER_INTERVAL_MS", 1000)),
        env.containsKey("BATON_ROUTER_INSTANCE_ID") ? env.get("BATON_ROUTER_INSTANCE_ID")
            : env.getOrDefault("BATON_INSTANCE_ID", hostName(env)));
  }

  public static RouterConfig defaults() {
    return fromEnv(Map.of());
  }

  private static long positive(Map<String, String> env, String name, long otherwise) {
    long value = EnvironmentSettings.wholeNumber(env, name, otherwise);
    if (value <= 0 || value > Integer.MAX_VALUE) {
      throw new IllegalArgumentException(name + " must be between 1 and " + Integer.MAX_VALUE + ", not " + value);
    }
    return value;
  }

  /** The host name (a container's is its id), as the default instance id. */
  private static String hostName(Map<String, String> env) {
    String name = env.get("HOSTNAME");
    if (name == null || name.isBlank()) {
      try {
        name = InetAddress.getLocalHost().getHostName();
      } catch (Exception e) {
        name = "baton-router";
      }
    }
    return name;
  }

  public RouterConfig withApplicationId(String id) {
    return new RouterConfig(id, stateDir, processingGuarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withStateDir(String dir) {
    return new RouterConfig(applicationId, dir, processingGuarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withProcessingGuarantee(String guarantee) {
    return new RouterConfig(applicationId, stateDir, guarantee, commitIntervalMs, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withCommitIntervalMs(long interval) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, interval, transcriptLength, queueTimeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withQueueTimeout(Duration timeout) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength, timeout,
        visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withIdleTimeouts(Duration visitor, Duration agent) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitor, agent, retention, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withRetention(Duration keep) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, keep, dedupWindow, timerInterval, instanceId);
  }

  public RouterConfig withTimerInterval(Duration interval) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, interval, instanceId);
  }

  public RouterConfig withDedupWindow(int window) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, retention, window, timerInterval, instanceId);
  }

  public RouterConfig withInstanceId(String id) {
    return new RouterConfig(applicationId, stateDir, processingGuarantee, commitIntervalMs, transcriptLength,
        queueTimeout, visitorIdleTimeout, agentIdleTimeout, retention, dedupWindow, timerInterval, id);
  }
}
