package io.baton.connector.salesforce;

import java.time.Duration;
import java.util.Map;

/**
 * Settings of the Salesforce connector. {@code BATON_SALESFORCE_LIVEAGENT_URL}, when set, is used for every Live Agent
 * call instead of {@code https://{liveAgentHostname}/chat/rest/} from the handover payload: the local stack and the
 * tests point it at the sandbox. It is configuration, not payload, so a bot cannot make the connector call an
 * arbitrary host.
 */
public record SalesforceConfig(String liveAgentUrlOverride, String apiVersion, Duration requestTimeout) {

  public static SalesforceConfig fromEnv(Map<String, String> env) {
    return new SalesforceConfig(env.get("BATON_SALESFORCE_LIVEAGENT_URL"),
        env.getOrDefault("BATON_SALESFORCE_API_VERSION", "49"),
        Duration.ofSeconds(Long.parseLong(env.getOrDefault("BATON_SALESFORCE_REQUEST_TIMEOUT_S", "10"))));
  }

  public static SalesforceConfig forLiveAgentUrl(String url) {
    return new SalesforceConfig(url, "49", Duration.ofSeconds(10));
  }

  public String liveAgentRestUrl(String liveAgentHostname) {
    if (liveAgentUrlOverride != null && !liveAgentUrlOverride.isBlank()) {
      return liveAgentUrlOverride.endsWith("/") ? liveAgentUrlOverride : liveAgentUrlOverride + "/";
    }
    return "https://" + liveAgentHostname + "/chat/rest/";
  }
}
