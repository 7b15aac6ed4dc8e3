package io.baton.sandbox.kustomer;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * What a test or the local stack may change about the Kustomer simulator.
 *
 * @param plan                      the org's plan: {@code professional} (300 requests a minute), {@code business}
 *                                  (500), {@code enterprise} (1000) or {@code ultimate} (2000)
 * @param perMinuteOverride         a custom org limit per 60-second window instead of the plan's, or null
 * @param customerMessagesPerMinute message creates per customer per minute (Kustomer: 120); conversation creates
 *                                  have the same limit, counted apart
 * @param retryWaits                the waits before each webhook retry ([guess] 30 s, 2 min, 10 min, 30 min); a
 *                                  webhook whose event fails every try is disabled
 * @param answerTimeout             how long a webhook POST may take before it failed (Kustomer: 5 s)
 * @param plainHttpHosts            hosts a webhook may reach over plain http (the real service wants https)
 * @param scrambleWindow            null: events go out in order, once; else the events of each such window go out
 *                                  shuffled and each one twice (at-least-once, unordered, as the docs warn)
 * @param scrambleSeed              the shuffle's seed, so a scrambled test is repeatable
 */
public record KustomerSettings(String plan, Integer perMinuteOverride, int customerMessagesPerMinute,
    List<Duration> retryWaits, Duration answerTimeout, Set<String> plainHttpHosts, Duration scrambleWindow,
    long scrambleSeed) {
  public static final Map<String, Integer> PLANS = Map.of("professional", 300, "business", 500, "enterprise", 1000,
      "ultimate", 2000);
  public static final List<Duration> RETRY_WAITS =
      List.of(Duration.ofSeconds(30), Duration.ofMinutes(2), Duration.ofMinutes(10), Duration.ofMinutes(30));
  public static final Set<String> PLAIN_HTTP_HOSTS = Set.of("localhost", "127.0.0.1");

  public KustomerSettings {
    plan = plan.toLowerCase(Locale.ROOT);
    if (!PLANS.containsKey(plan)) {
      throw new IllegalArgumentException("plan must be one of " + PLANS.keySet());
    }
    if (perMinuteOverride != null && perMinuteOverride < 1 || customerMessagesPerMinute < 1) {
      throw new IllegalArgumentException("a rate limit must be positive");
    }
    retryWaits = List.copyOf(retryWaits);
    plainHttpHosts = Set.copyOf(plainHttpHosts);
  }

  /** The business plan, Kustomer's schedule, in-order single deliveries. */
  public static KustomerSettings defaults() {
    return new KustomerSettings("business", null, 120, RETRY_WAITS, Duration.ofSeconds(5), PLAIN_HTTP_HOSTS, null,
        1L);
  }

  /** The org's requests per 60-second window. */
  public int perMinute() {
    return perMinuteOverride != null ? perMinuteOverride : PLANS.get(plan);
  }

  public KustomerSettings withPlan(String newPlan) {
    return new KustomerSettings(newPlan, null, customerMessagesPerMinute, retryWaits, answerTimeout, plainHttpHosts,
        scrambleWindow, scrambleSeed);
  }

  /** A custom org limit per 60-second window instead of the plan's (null: the plan's). */
  public KustomerSettings withPerMinute(Integer limit) {
    return new KustomerSettings(plan, limit, customerMessagesPerMinute, retryWaits, answerTimeout, plainHttpHosts,
        scrambleWindow, scrambleSeed);
  }

  /** Message creates per customer per minute (Kustomer: 120). */
  public KustomerSettings withCustomerMessagesPerMinute(int limit) {
    return new KustomerSettings(plan, perMinuteOverride, limit, retryWaits, answerTimeout, plainHttpHosts,
        scrambleWindow, scrambleSeed);
  }

  /** The webhook retry waits and answer timeout, e.g. in milliseconds for tests. */
  public KustomerSettings withRetries(List<Duration> waits, Duration timeout) {
    return new KustomerSettings(plan, perMinuteOverride, customerMessagesPerMinute, waits, timeout, plainHttpHosts,
        scrambleWindow, scrambleSeed);
  }

  /** Deliveries shuffled and doubled within each {@code window} (null: in order, once). */
  public KustomerSettings withScrambledDelivery(Duration window, long seed) {
    return new KustomerSettings(plan, perMinuteOverride, customerMessagesPerMinute, retryWaits, answerTimeout,
        plainHttpHosts, window, seed);
  }

  public KustomerSettings withPlainHttpHosts(Set<String> hosts) {
    return new KustomerSettings(plan, perMinuteOverride, customerMessagesPerMinute, retryWaits, answerTimeout, hosts,
        scrambleWindow, scrambleSeed);
  }

  /** Whether a plain-http webhook may go to this host: a listed one, or a dot-less name (a compose service). */
  boolean plainHttpAllowed(String host) {
    return host != null && (plainHttpHosts.contains(host.toLowerCase(Locale.ROOT)) || !host.contains("."));
  }
}
