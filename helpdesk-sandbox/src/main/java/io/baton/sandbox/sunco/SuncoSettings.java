package io.baton.sandbox.sunco;

import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.function.LongPredicate;

/**
 * What a test may change about the SunCo simulator.
 *
 * @param messageLimit    messages per conversation before posting answers 423 (SunCo: 30,000)
 * @param webhookRetries  the webhook retry schedule (SunCo: 5 attempts over 15 minutes)
 * @param answerTimeout   how long a webhook POST may take before it counts as failed (SunCo: 20 s)
 * @param groupExists     whether a Zendesk Support group exists ({@code dataCapture.systemField.group_id}); the
 *                        Support simulator's groups once the two are wired together
 * @param requestsPerSecond the rate limit per API key (SunCo publishes none: the sandbox allows 100/s)
 * @param burst           the rate limit's burst (200)
 */
public record SuncoSettings(int messageLimit, WebhookSender.RetrySchedule webhookRetries, Duration answerTimeout,
    LongPredicate groupExists, double requestsPerSecond, int burst) {
  public static final int MESSAGE_LIMIT = 30_000;

  public static SuncoSettings defaults() {
    return new SuncoSettings(MESSAGE_LIMIT, SuncoWebhooks.defaultSchedule(), SuncoWebhooks.ANSWER_TIMEOUT,
        group -> true, 100, 200);
  }

  public SuncoSettings withMessageLimit(int limit) {
    return new SuncoSettings(limit, webhookRetries, answerTimeout, groupExists, requestsPerSecond, burst);
  }

  public SuncoSettings withWebhookRetries(WebhookSender.RetrySchedule schedule, Duration timeout) {
    return new SuncoSettings(messageLimit, schedule, timeout, groupExists, requestsPerSecond, burst);
  }

  public SuncoSettings withGroups(LongPredicate exists) {
    return new SuncoSettings(messageLimit, webhookRetries, answerTimeout, exists, requestsPerSecond, burst);
  }

  public SuncoSettings withRateLimit(double perSecond, int burstSize) {
    return new SuncoSettings(messageLimit, webhookRetries, answerTimeout, groupExists, perSecond, burstSize);
  }
}
