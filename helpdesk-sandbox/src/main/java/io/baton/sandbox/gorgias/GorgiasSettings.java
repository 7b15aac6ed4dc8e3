package io.baton.sandbox.gorgias;

import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;

/**
 * What a test or the local stack may change about the Gorgias simulator.
 *
 * @param perSecond           the account's leaky bucket: calls leaked a second (Gorgias: 2)
 * @param burst               the bucket's size (Gorgias: 40 for API keys)
 * @param retries             how an HTTP integration's failed request is tried again [unconfirmed: the help center
 *                            says only that Gorgias "keeps retrying" timeouts; default 4 tries from 10 s, doubling]
 * @param answerTimeout       how long a request may take before it failed [guess: 10 s]
 * @param disableAfterFailures failed requests in a row after which the integration is deactivated (Gorgias: 100)
 */
public record GorgiasSettings(double perSecond, int burst, WebhookSender.RetrySchedule retries, Duration answerTimeout,
    int disableAfterFailures) {

  public GorgiasSettings {
    if (perSecond <= 0 || burst < 1 || retries.tries() < 1 || disableAfterFailures < 1) {
      throw new IllegalArgumentException("rates, burst, tries and the failure limit must be positive");
    }
  }

  public static GorgiasSettings defaults() {
    return new GorgiasSettings(2, 40, WebhookSender.RetrySchedule.doubling(4, Duration.ofSeconds(10)),
        Duration.ofSeconds(10), 100);
  }

  public GorgiasSettings withRateLimit(double newPerSecond, int newBurst) {
    return new GorgiasSettings(newPerSecond, newBurst, retries, answerTimeout, disableAfterFailures);
  }

  public GorgiasSettings withRetries(WebhookSender.RetrySchedule schedule, Duration timeout) {
    return new GorgiasSettings(perSecond, burst, schedule, timeout, disableAfterFailures);
  }

  public GorgiasSettings withDisableAfterFailures(int failures) {
    return new GorgiasSettings(perSecond, burst, retries, answerTimeout, failures);
  }
}
