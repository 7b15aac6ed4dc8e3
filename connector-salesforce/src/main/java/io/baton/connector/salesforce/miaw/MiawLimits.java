package io.baton.connector.salesforce.miaw;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import java.time.Duration;

/**
 * MIAW's documented rate limits (help.salesforce.com, "Rate limits for Messaging for In-App and Web"): access-token
 * requests 200 a minute per org, token renewals 200 a minute per org, conversation starts 3 per page per 30 s (one
 * page is one conversation here: each has its own visitor token), 22 inbound messages per conversation a minute. Each
 * becomes a token bucket of the runtime's {@link PlatformCalls} that never admits more than the limit in any window
 * (half the limit, rounded up, at once; the rest spread over the window, with 5% to spare for the clocks).
 */
public record MiawLimits(Rate accessTokens, Rate renewals, Rate starts, Rate messages) {

  /** At most {@code count} calls (at least 2) in any {@code window}. */
  public record Rate(int count, Duration window) {
    public Rate {
      if (count < 2 || window.isZero() || window.isNegative()) {
        throw new IllegalArgumentException("a MIAW rate needs at least 2 calls and a positive window");
      }
    }

    PlatformCalls.Limits limits(RetryPolicy retry) {
      int burst = (count + 1) / 2;
      return new PlatformCalls.Limits(retry, (count - burst) * 0.95 / (window.toNanos() / 1e9), burst);
    }
  }

  public static MiawLimits documented() {
    return new MiawLimits(new Rate(200, Duration.ofMinutes(1)), new Rate(200, Duration.ofMinutes(1)),
        new Rate(3, Duration.ofSeconds(30)), new Rate(22, Duration.ofMinutes(1)));
  }

  /** The limiters: one {@link PlatformCalls} per limit, sharing the connector's retry policy. */
  static final class Calls implements AutoCloseable {
    private static final String SERVICE = "connector-salesforce-miaw";
    private static final String PLATFORM = "salesforce_miaw";
    final PlatformCalls accessTokens;
    final PlatformCalls renewals;
    final PlatformCalls starts;
    final PlatformCalls messages;

    Calls(MiawLimits limits, RetryPolicy retry) {
      accessTokens = new PlatformCalls(limits.accessTokens().limits(retry), SERVICE, PLATFORM);
      renewals = new PlatformCalls(limits.renewals().limits(retry), SERVICE, PLATFORM);
      starts = new PlatformCalls(limits.starts().limits(retry), SERVICE, PLATFORM);
      messages = new PlatformCalls(limits.messages().limits(retry), SERVICE, PLATFORM);
    }

    @Override
    public void close() {
      accessTokens.close();
      renewals.close();
      starts.close();
      messages.close();
    }
  }
}
