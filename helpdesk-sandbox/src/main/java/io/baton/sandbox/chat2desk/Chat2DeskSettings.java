package io.baton.sandbox.chat2desk;

import java.time.Duration;
import java.util.List;

/**
 * What a test or the local stack may change about the Chat2Desk simulator.
 *
 * @param retryWaits        the waits before each webhook retry (Chat2Desk: 10 s, 5 min, 2 h)
 * @param disableAfter      a webhook with no successful delivery for this long is disabled (Chat2Desk: 5 h)
 * @param answerTimeout     how long a webhook POST may take before it counts as failed ([guess] 10 s)
 * @param signing           whether webhook POSTs carry the signature header
 * @param signatureHeader   the signature's header ([guess] {@code X-Chat2Desk-Signature})
 * @param signatureAlgorithm the signature's MAC ([guess] {@code HmacSHA256}), hex over the raw body
 * @param autoAssignOperatorId the operator a new dialog is assigned to (the company's auto-assignment), null: the
 *                          general queue
 * @param requestsPerSecond the rate limit per API token ([guess] 10/s)
 * @param burst             the rate limit's burst ([guess] 20)
 */
public record Chat2DeskSettings(List<Duration> retryWaits, Duration disableAfter, Duration answerTimeout,
    boolean signing, String signatureHeader, String signatureAlgorithm, Long autoAssignOperatorId,
    double requestsPerSecond, int burst) {
  public static final List<Duration> RETRY_WAITS =
      List.of(Duration.ofSeconds(10), Duration.ofMinutes(5), Duration.ofHours(2));
  public static final Duration DISABLE_AFTER = Duration.ofHours(5);
  public static final String SIGNATURE_HEADER = "X-Chat2Desk-Signature";
  public static final String SIGNATURE_ALGORITHM = "HmacSHA256";

  public Chat2DeskSettings {
    retryWaits = List.copyOf(retryWaits);
    if (requestsPerSecond <= 0 || burst < 1) {
      throw new IllegalArgumentException("a rate limit needs a positive rate and burst");
    }
  }

  /** Chat2Desk's schedule, signing on, new dialogs assigned to the bot operator. */
  public static Chat2DeskSettings defaults() {
    return new Chat2DeskSettings(RETRY_WAITS, DISABLE_AFTER, Duration.ofSeconds(10), true, SIGNATURE_HEADER,
        SIGNATURE_ALGORITHM, Chat2DeskCompany.BOT_OPERATOR_ID, 10, 20);
  }

  /** The retry waits and the disabling, e.g. in milliseconds for tests ("measured on the schedule"). */
  public Chat2DeskSettings withRetries(List<Duration> waits, Duration disable, Duration timeout) {
    return new Chat2DeskSettings(waits, disable, timeout, signing, signatureHeader, signatureAlgorithm,
        autoAssignOperatorId, requestsPerSecond, burst);
  }

  /** Chat2Desk's schedule divided by {@code factor} (3600: 10 s becomes ~3 ms, 2 h 2 s, 5 h 5 s). */
  public Chat2DeskSettings withScheduleScaledDown(long factor) {
    return withRetries(RETRY_WAITS.stream().map(d -> d.dividedBy(factor)).toList(), DISABLE_AFTER.dividedBy(factor),
        answerTimeout);
  }

  public Chat2DeskSettings withSigning(boolean on, String header, String algorithm) {
    return new Chat2DeskSettings(retryWaits, disableAfter, answerTimeout, on, header, algorithm,
        autoAssignOperatorId, requestsPerSecond, burst);
  }

  /** New dialogs go to this operator; null: the general queue. */
  public Chat2DeskSettings withAutoAssign(Long operatorId) {
    return new Chat2DeskSettings(retryWaits, disableAfter, answerTimeout, signing, signatureHeader,
        signatureAlgorithm, operatorId, requestsPerSecond, burst);
  }

  public Chat2DeskSettings withRateLimit(double perSecond, int burstSize) {
    return new Chat2DeskSettings(retryWaits, disableAfter, answerTimeout, signing, signatureHeader,
        signatureAlgorithm, autoAssignOperatorId, perSecond, burstSize);
  }
}
