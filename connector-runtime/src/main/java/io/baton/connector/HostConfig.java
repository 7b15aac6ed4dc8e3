package io.baton.connector;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.service.EnvironmentSettings;
import java.time.Duration;
import java.util.Map;

/**
 * Runtime settings of a connector instance.
 *
 * @param instanceId    stable per instance (a pod ordinal, say): it names the instance's Kafka clients (logs,
 *                      metrics); nothing is fenced by it any more, and two live instances should not share one
 * @param maxInFlight   commands being worked on at once; beyond it the consumer pauses
 * @param commandTimeout a command whose platform calls have not finished by then fails (dead letter)
 * @param calls         retry policy and the per-connection rate limit
 * @param presence      how often the instance says it runs, and how long each saying holds
 * @param revokeDrain   how long a partition moving to another instance waits for its running commands to finish
 *                      (those still running are carried out again by the next owner)
 */
public record HostConfig(String instanceId, int maxInFlight, Duration commandTimeout, PlatformCalls.Limits calls,
    Presence presence, Duration revokeDrain) {
  public static final Duration REVOKE_DRAIN = Duration.ofSeconds(20);

  /**
   * The presence record is renewed {@code every}, and holds for {@code holds} (longer: a renewal or two may be late or
   * lost without the instance counting as gone).
   */
  public record Presence(Duration every, Duration holds) {
    public static final Presence DEFAULT = new Presence(Duration.ofSeconds(10), Duration.ofSeconds(30));

    public Presence {
      if (every.isNegative() || every.isZero() || holds.compareTo(every) <= 0) {
        throw new IllegalArgumentException("the presence must be renewed (every " + every.toMillis()
            + " ms) more often than it holds (" + holds.toMillis() + " ms)");
      }
    }
  }

  public static HostConfig defaults(PlatformCalls.Limits platformLimits) {
    return new HostConfig("0", 10_000, Duration.ofSeconds(120), platformLimits, Presence.DEFAULT, REVOKE_DRAIN);
  }

  /**
   * {@code BATON_CONNECTOR_INSTANCE_ID} ({@code HOSTNAME}, else 0), {@code BATON_CONNECTOR_MAX_IN_FLIGHT} (10000),
   * {@code BATON_CONNECTOR_COMMAND_TIMEOUT_S} (120), {@code BATON_CONNECTOR_RETRY_ATTEMPTS},
   * {@code BATON_CONNECTOR_RETRY_BASE_MS}, {@code BATON_CONNECTOR_RETRY_MAX_MS}, {@code BATON_CONNECTOR_RATE_PER_S},
   * {@code BATON_CONNECTOR_RATE_BURST} (defaults: the platform's limits), {@code BATON_CONNECTOR_PRESENCE_EVERY_MS}
   * (10000) and {@code BATON_CONNECTOR_PRESENCE_HOLDS_MS} (30000, longer than the renewal).
   */
  public static HostConfig fromEnv(Map<String, String> env, PlatformCalls.Limits platformLimits) {
    RetryPolicy r = platformLimits.retry();
    RetryPolicy retry = new RetryPolicy(
        (int) EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_RETRY_ATTEMPTS", r.maxAttempts()),
        Duration.ofMillis(EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_RETRY_BASE_MS", r.base().toMillis())),
        Duration.ofMillis(EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_RETRY_MAX_MS", r.max().toMillis())));
    PlatformCalls.Limits limits = new PlatformCalls.Limits(retry,
        Double.parseDouble(env.getOrDefault("BATON_CONNECTOR_RATE_PER_S", Double.toString(platformLimits.perSecond()))),
        (int) EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_RATE_BURST", platformLimits.burst()));
    long every = EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_PRESENCE_EVERY_MS",
        Presence.DEFAULT.every().toMillis());
    long holds = EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_PRESENCE_HOLDS_MS",
        Presence.DEFAULT.holds().toMillis());
    if (every <= 0 || holds <= every) {
      throw new IllegalArgumentException("BATON_CONNECTOR_PRESENCE_EVERY_MS must be positive and below "
          + "BATON_CONNECTOR_PRESENCE_HOLDS_MS, were " + every + " and " + holds);
    }
    Presence presence = new Presence(Duration.ofMillis(every), Duration.ofMillis(holds));
    // A pod or container name is stable per instance and different between instances; "0" for one process alone.
    return new HostConfig(env.getOrDefault("BATON_CONNECTOR_INSTANCE_ID", env.getOrDefault("HOSTNAME", "0")),
        (int) EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_MAX_IN_FLIGHT", 10_000),
        Duration.ofSeconds(EnvironmentSettings.wholeNumber(env, "BATON_CONNECTOR_COMMAND_TIMEOUT_S", 120)), limits,
        presence, REVOKE_DRAIN);
  }

  public HostConfig withInstanceId(String id) {
    return new HostConfig(id, maxInFlight, commandTimeout, calls, presence, revokeDrain);
  }

  public HostConfig withMaxInFlight(int max) {
    return new HostConfig(instanceId, max, commandTimeout, calls, presence, revokeDrain);
  }

  public HostConfig withCalls(PlatformCalls.Limits limits) {
    return new HostConfig(instanceId, maxInFlight, commandTimeout, limits, presence, revokeDrain);
  }

  public HostConfig withPresence(Presence timing) {
    return new HostConfig(instanceId, maxInFlight, commandTimeout, calls, timing, revokeDrain);
  }

  public HostConfig withRevokeDrain(Duration drain) {
    return new HostConfig(instanceId, maxInFlight, commandTimeout, calls, presence, drain);
  }
}
