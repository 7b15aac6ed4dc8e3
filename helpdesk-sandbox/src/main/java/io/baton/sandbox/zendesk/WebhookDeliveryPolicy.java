package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Zendesk's webhook retries and circuit breaker. The webhooks introduction (api-reference/webhooks/introduction,
 * "Webhook retries") says failed requests are retried "for certain HTTP response codes" and that a circuit breaker
 * stops calling a failing endpoint; the codes here are as that section lists them as far as we know [unconfirmed: the
 * stored excerpt stops before the list]: a 409 is retried up to 3 times; a 429 or 503 whose {@code Retry-After} is
 * under 60 seconds is retried after it; no answer (a timeout, 10 s) is retried up to 5 times; anything else is not
 * retried. The breaker trips when at least 70 % of a webhook's requests in the window (5 minutes) failed, or more
 * than 1,000 failed ([3rd-party] figures); it then sends nothing for {@code pause}, after which one request goes
 * through: its success closes the breaker, its failure trips it again. Requests refused while it is open are not sent.
 */
final class WebhookDeliveryPolicy implements WebhookSender.DeliveryPolicy {
  static final int CONFLICT_RETRIES = 3;
  static final int TIMEOUT_RETRIES = 5;
  static final double TRIP_RATIO = 0.7;
  static final int TRIP_ERRORS = 1000;

  /** The window, the shortest pause, and how many requests the ratio needs before it counts ([guess]: 10). */
  record Breaker(Duration window, Duration pause, int minimumRequests) {}

  private record Answer(long at, boolean failed) {}

  private final class State {
    final Deque<Answer> answers = new ArrayDeque<>();
    long openUntil;
    boolean probing;
  }

  private final Breaker breaker;
  private final Map<String, State> states = new ConcurrentHashMap<>();

  WebhookDeliveryPolicy(Breaker breaker) {
    this.breaker = breaker;
  }

  @Override
  public Duration retryWait(int status, String retryAfter, int attempt, Duration scheduled) {
    return switch (status) {
      case 0 -> attempt <= TIMEOUT_RETRIES ? scheduled : null;
      case 409 -> attempt <= CONFLICT_RETRIES ? scheduled : null;
      case 429, 503 -> {
        Long seconds = seconds(retryAfter);
        yield seconds != null && seconds < 60 ? Duration.ofSeconds(seconds) : null;
      }
      default -> null;
    };
  }

  @Override
  public boolean admits(String webhookId) {
    State s = states.computeIfAbsent(webhookId, id -> new State());
    synchronized (s) {
      if (s.openUntil == 0) {
        return true;
      }
      if (System.nanoTime() < s.openUntil || s.probing) {
        return false;
      }
      s.probing = true; // half open: this one request decides
      return true;
    }
  }

  @Override
  public void answered(String webhookId, int status) {
    State s = states.computeIfAbsent(webhookId, id -> new State());
    boolean failed = status / 100 != 2;
    long now = System.nanoTime();
    synchronized (s) {
      if (s.probing) {
        s.probing = false;
        s.answers.clear();
        s.openUntil = failed ? now + breaker.pause().toNanos() : 0;
        return;
      }
      s.answers.addLast(new Answer(now, failed));
      while (!s.answers.isEmpty() && now - s.answers.peekFirst().at() > breaker.window().toNanos()) {
        s.answers.removeFirst();
      }
      long failures = s.answers.stream().filter(Answer::failed).count();
      boolean ratio = s.answers.size() >= breaker.minimumRequests()
          && failures >= TRIP_RATIO * s.answers.size();
      if (ratio || failures > TRIP_ERRORS) {
        s.openUntil = now + breaker.pause().toNanos();
      }
    }
  }

  /** Whether the webhook's breaker is open now (tests, the console). */
  boolean open(String webhookId) {
    State s = states.get(webhookId);
    if (s == null) {
      return false;
    }
    synchronized (s) {
      return s.openUntil != 0 && System.nanoTime() < s.openUntil;
    }
  }

  void forget(String webhookId) {
    states.remove(webhookId);
  }

  private static Long seconds(String retryAfter) {
    if (retryAfter == null || !retryAfter.trim().matches("\\d{1,9}")) {
      return null;
    }
    return Long.parseLong(retryAfter.trim());
  }
}
