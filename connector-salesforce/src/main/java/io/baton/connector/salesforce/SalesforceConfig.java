package io.baton.connector.salesforce;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Salesforce connector. {@code BATON_SALESFORCE_LIVEAGENT_URL}, when set, is used for every Live Agent
 * call instead of {@code https://{liveAgentHostname}/chat/rest/} from the handover payload: the local stack and the
 * tests point it at the sandbox. It is configuration, not payload, so a bot cannot make the connector call an
 * arbitrary host.
 *
 * @param resumePollDelay how long a resumed chat (after a restart or a partition move) waits before its first long
 *                        poll: the previous owner's poll may still be held by Live Agent, and a second poll on the same
 *                        session is a 409 that ends the chat. Salesforce holds a poll about 30 s.
 * @param host            the runtime's settings (instance id, retries, rate limit per org)
 * @param checkAvailability ask Live Agent's Availability before opening a chat: with no agent online for the button the
 *                        handover fails at once with that reason (and the bot keeps control), instead of opening a
 *                        session Salesforce would only refuse ({@code BATON_SALESFORCE_CHECK_AVAILABILITY}, default false)
 */
public record SalesforceConfig(String liveAgentUrlOverride, String apiVersion, Duration requestTimeout,
    Duration resumePollDelay, HostConfig host, String miawUrlOverride, boolean checkAvailability) {

  /**
   * Salesforce publishes no call limit for the visitor side of Live Agent; this default keeps one org's traffic
   * (mostly long polls: one per chat per 30 s when quiet) smooth without ever queueing a busy deployment for long.
   */
  public static final PlatformCalls.Limits LIVE_AGENT_LIMITS =
      new PlatformCalls.Limits(new RetryPolicy(6, Duration.ofMillis(250), Duration.ofSeconds(30)), 200, 400);

  public static SalesforceConfig fromEnv(Map<String, String> env) {
    return new SalesforceConfig(env.get("BATON_SALESFORCE_LIVEAGENT_URL"),
        env.getOrDefault("BATON_SALESFORCE_API_VERSION", "49"),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_SALESFORCE_REQUEST_TIMEOUT_S", "10"))),
        Duration.ofMillis(Long.parseLong(env.getOrDefault("BATON_SALESFORCE_RESUME_POLL_DELAY_MS", "31000"))),
        HostConfig.fromEnv(env, LIVE_AGENT_LIMITS), env.get("BATON_SALESFORCE_MIAW_URL"),
        Boolean.parseBoolean(env.getOrDefault("BATON_SALESFORCE_CHECK_AVAILABILITY", "false").trim()));
  }

  public static SalesforceConfig forLiveAgentUrl(String url) {
    return new SalesforceConfig(url, "49", Duration.ofSeconds(10), Duration.ofSeconds(31),
        HostConfig.defaults(LIVE_AGENT_LIMITS), null, false);
  }

  public SalesforceConfig withMiawUrl(String url) {
    return new SalesforceConfig(liveAgentUrlOverride, apiVersion, requestTimeout, resumePollDelay, host, url,
        checkAvailability);
  }

  /** The MIAW base: the override (sandbox, tests), else the org's SCRT URL from the payload, without a trailing slash. */
  public String miawBaseUrl(String scrtUrl) {
    String url = miawUrlOverride != null && !miawUrlOverride.isBlank() ? miawUrlOverride
        : scrtUrl.startsWith("https://") ? scrtUrl : "https://" + scrtUrl;
    return url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
  }

  public SalesforceConfig withResumePollDelay(Duration delay) {
    return new SalesforceConfig(liveAgentUrlOverride, apiVersion, requestTimeout, delay, host, miawUrlOverride,
        checkAvailability);
  }

  public SalesforceConfig withHost(HostConfig host) {
    return new SalesforceConfig(liveAgentUrlOverride, apiVersion, requestTimeout, resumePollDelay, host,
        miawUrlOverride,
        checkAvailability);
  }

  public SalesforceConfig withCheckAvailability(boolean check) {
    return new SalesforceConfig(liveAgentUrlOverride, apiVersion, requestTimeout, resumePollDelay, host,
        miawUrlOverride,
        check);
  }

  public String liveAgentRestUrl(String liveAgentHostname) {
    if (liveAgentUrlOverride != null && !liveAgentUrlOverride.isBlank()) {
      return liveAgentUrlOverride.endsWith("/") ? liveAgentUrlOverride : liveAgentUrlOverride + "/";
    }
    return "https://" + liveAgentHostname + "/chat/rest/";
  }
}
