package io.baton.connector.zendesk;

import io.baton.connector.calls.PlatformCalls;
import io.baton.sandbox.zendesk.ZendeskSettings;

/**
 * The Zendesk plan the sandbox's Support account has (700 requests a minute, {@link ZendeskSettings#defaults}), and the
 * connector's Support calls set to it, as an operator sets them for the plan ({@code BATON_CONNECTOR_RATE_PER_S}).
 * At the smallest plan's 3 a second of the defaults, tests waited on the connector's own limiter while the sandbox
 * had room (SupportContractTest took 98 s, its kill and two-instance scenarios 28 and 26 s).
 */
public final class SandboxPlan {
  public static final PlatformCalls.Limits SUPPORT_LIMITS = supportLimits(ZendeskSettings.defaults());

  private SandboxPlan() {}

  private static PlatformCalls.Limits supportLimits(ZendeskSettings plan) {
    double perSecond = plan.accountRequests() / (double) plan.accountWindow().toSeconds();
    return new PlatformCalls.Limits(ZendeskConfig.SUPPORT_LIMITS.retry(), perSecond,
        ZendeskConfig.SUPPORT_LIMITS.burst());
  }
}
