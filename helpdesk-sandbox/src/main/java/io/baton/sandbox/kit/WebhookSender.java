package io.baton.sandbox.kit;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Webhook deliveries as a platform makes them: one at a time per subscription (a later event waits until the one
 * before it was delivered or given up, so the receiver sees them in order), retried on a non-2xx answer or no answer
 * by the platform's {@link RetrySchedule}, signed by the platform's {@link Signer}, every POST kept in a delivery log.
 */
public final class WebhookSender implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookSender.class);

  /** Where a platform sends a subscription's events, and the secret it signs them with. */
  public record Subscription(String id, String url, String secret) {}

  /** The headers that sign one POST: (subscription, body bytes, timestamp) to headers. */
  @FunctionalInterface
  public interface Signer {
    Map<String, String> sign(Subscription subscription, byte[] body, Instant timestamp);

    /** For a platform whose headers count the tries (Freshchat's {@code X-Retry-Count}): {@code attempt} from 1. */
    default Map<String, String> sign(Subscription subscription, byte[] body, Instant timestamp, int attempt) {
      return sign(subscription, body, timestamp);
    }
  }

  /** How often and how soon a failed delivery is tried again: {@code tries} in all, waits from {@code firstWait}. */
  public record RetrySchedule(int tries, Duration firstWait, double factor) {
    public static RetrySchedule doubling(int tries, Duration firstWait) {
      return new RetrySchedule(tries, firstWait, 2);
    }
  }

  /**
   * Which failed POSTs a platform tries again and when, and whether a subscription's POSTs go out at all (a circuit
   * breaker). The default retries every non-2xx answer or no answer by the {@link RetrySchedule}.
   */
  public interface DeliveryPolicy {
    /**
     * After a failed try: how long to wait before the next one, or null to give up.
     *
     * @param status     the answer's status (0: no answer)
     * @param retryAfter the answer's {@code Retry-After} header, or null
     * @param attempt    the try that failed, from 1
     * @param scheduled  the wait the {@link RetrySchedule} gives for this retry
     */
    Duration retryWait(int status, String retryAfter, int attempt, Duration scheduled);

    /** Whether a POST to this subscription may go out now; a refused POST is given up (not sent). */
    default boolean admits(String subscriptionId) {
      return true;
    }

    /**
     * {@link #admits(String)} for a try of an event whose first try was at {@code firstTry}: a policy that pauses
     * subscriptions can refuse the remaining tries of what was under way when it paused one, after it resumes.
     */
    default boolean admits(String subscriptionId, Instant firstTry) {
      return admits(subscriptionId);
    }

    /**
     * Whether this try counts as unanswered without being sent (a simulated outage of the receiver, for tests); it is
     * logged with status 0 and retried like any failure.
     */
    default boolean unreachable(String subscriptionId) {
      return false;
    }

    /** Every answer (status 0: none), for a policy that counts failures. */
    default void answered(String subscriptionId, int status) {
    }
  }

  /** One POST as sent, with the headers that signed it and its answer's status (0: no answer). */
  public record Delivery(String subscriptionId, String eventId, String event, String body, Map<String, String> headers,
      int status, Instant at) {}

  private final String name;
  private final RetrySchedule schedule;
  private final Signer signer;
  private final Duration answerTimeout;
  private final DeliveryPolicy policy;
  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, ExecutorService> lanes = new ConcurrentHashMap<>();
  private final List<Delivery> deliveries = new CopyOnWriteArrayList<>();

  /** @param name names the sender threads ({@code <name>-webhooks-<subscription>}) and the log lines */
  public WebhookSender(String name, RetrySchedule schedule, Signer signer) {
    this(name, schedule, signer, (status, retryAfter, attempt, scheduled) -> scheduled);
  }

  /**
   * @param answerTimeout  how long a POST may take before it counts as failed (no answer)
   * @param finalStatuses  answers after which the platform gives up at once instead of retrying
   */
  public WebhookSender(String name, RetrySchedule schedule, Signer signer, Duration answerTimeout,
      Set<Integer> finalStatuses) {
    this(name, schedule, signer, answerTimeout, finalPolicy(name, Set.copyOf(finalStatuses)));
  }

  /** @param policy which failed POSTs are tried again (within {@code schedule.tries()}) and which may go out */
  public WebhookSender(String name, RetrySchedule schedule, Signer signer, DeliveryPolicy policy) {
    this(name, schedule, signer, Duration.ofSeconds(10), policy);
  }

  /** @param answerTimeout how long a POST may take before it counts as failed (no answer) */
  public WebhookSender(String name, RetrySchedule schedule, Signer signer, Duration answerTimeout,
      DeliveryPolicy policy) {
    this.name = name;
    this.schedule = schedule;
    this.signer = signer;
    this.answerTimeout = answerTimeout;
    this.policy = policy;
  }

  /** The schedule's waits, except after one of {@code finalStatuses}: given up at once. */
  private static DeliveryPolicy finalPolicy(String name, Set<Integer> finalStatuses) {
    return (status, retryAfter, attempt, scheduled) -> {
      if (finalStatuses.contains(status)) {
        log.warn("{} webhook refused with {}: not retried", name, status);
        return null;
      }
      return scheduled;
    };
  }

  /** Queues one event for a subscription, behind the subscription's earlier events. */
  public void send(Subscription subscription, String eventId, String event, String body) {
    lanes.computeIfAbsent(subscription.id(), id -> Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, name + "-webhooks-" + id);
      t.setDaemon(true);
      return t;
    })).execute(() -> deliver(subscription, eventId, event, body));
  }

  /** Drops a subscription's queued events and stops its deliveries. */
  public void remove(String subscriptionId) {
    ExecutorService lane = lanes.remove(subscriptionId);
    if (lane != null) {
      lane.shutdownNow();
    }
  }

  /** Every POST made so far, in order. */
  public List<Delivery> deliveries() {
    return List.copyOf(deliveries);
  }

  private void deliver(Subscription s, String eventId, String event, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    long wait = schedule.firstWait().toMillis();
    Instant firstTry = Instant.now();
    for (int attempt = 1; attempt <= schedule.tries(); attempt++) {
      if (!policy.admits(s.id(), firstTry)) {
        log.warn("{} webhook {} ({}) to {} not sent: the subscription is paused", name, eventId, event, s.url());
        return;
      }
      Instant now = Instant.now();
      Map<String, String> headers = signer.sign(s, bytes, now, attempt);
      int status = 0;
      String retryAfter = null;
      try {
        if (policy.unreachable(s.id())) {
          throw new java.net.ConnectException("the receiver is made unreachable");
        }
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(s.url())).timeout(answerTimeout)
            .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(bytes));
        headers.forEach(request::header);
        HttpResponse<Void> answer = http.send(request.build(), HttpResponse.BodyHandlers.discarding());
        status = answer.statusCode();
        retryAfter = answer.headers().firstValue("Retry-After").orElse(null);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      } catch (Exception e) {
        log.debug("{} webhook {} to {} failed: {}", name, eventId, s.url(), e.toString());
      }
      deliveries.add(new Delivery(s.id(), eventId, event, body, Map.copyOf(headers), status, now));
      policy.answered(s.id(), status);
      if (status / 100 == 2) {
        return;
      }
      Duration next = attempt < schedule.tries()
          ? policy.retryWait(status, retryAfter, attempt, Duration.ofMillis(wait)) : null;
      if (next == null) {
        break;
      }
      try {
        Thread.sleep(next.toMillis()); // the subscription's own lane: its later events wait, as they must
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
      wait = (long) (wait * schedule.factor());
    }
    log.warn("{} webhook {} ({}) to {} given up", name, eventId, event, s.url());
  }

  @Override
  public void close() {
    lanes.values().forEach(ExecutorService::shutdownNow);
    lanes.clear();
  }
}
