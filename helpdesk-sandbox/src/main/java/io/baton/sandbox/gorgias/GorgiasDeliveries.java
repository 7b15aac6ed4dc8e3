package io.baton.sandbox.gorgias;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How an HTTP integration's requests go out: through the kit's {@link WebhookSender}, one lane per integration (in
 * order), with the integration's headers exactly as given (Gorgias signs nothing), a failed request tried again by
 * the settings' schedule, and the integration deactivated after the settings' number of failed requests in a row (a
 * success resets the count, as Gorgias' help center says). Only {@code POST} with {@code application/json} is sent
 * here; another method or content type is logged and not sent (a sandbox limit).
 */
final class GorgiasDeliveries implements WebhookSender.DeliveryPolicy, AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(GorgiasDeliveries.class);
  private static final AtomicLong EVENT_IDS = new AtomicLong();

  private final LongFunction<Optional<GorgiasIntegration>> integrations;
  private final List<WebhookSender> retired = new CopyOnWriteArrayList<>();
  private final Map<String, AtomicInteger> failuresInARow = new ConcurrentHashMap<>();
  private final AtomicInteger unreachableTries = new AtomicInteger();
  private volatile int disableAfter;
  private volatile WebhookSender sender;

  GorgiasDeliveries(GorgiasSettings settings, LongFunction<Optional<GorgiasIntegration>> integrations) {
    this.integrations = integrations;
    this.disableAfter = settings.disableAfterFailures();
    this.sender = newSender(settings.retries(), settings.answerTimeout());
  }

  private WebhookSender newSender(WebhookSender.RetrySchedule schedule, Duration timeout) {
    return new WebhookSender("gorgias", schedule, this::headers, timeout, this);
  }

  /** A new retry schedule for what is sent from now on; the log keeps what went out before. */
  synchronized void retries(WebhookSender.RetrySchedule schedule, Duration timeout) {
    WebhookSender old = sender;
    sender = newSender(schedule, timeout);
    retired.add(old);
  }

  void disableAfter(int failures) {
    disableAfter = failures;
  }

  void send(GorgiasIntegration i, String trigger, String url, JsonNode form) {
    GorgiasIntegration.Http http = i.http;
    String body = form.isTextual() ? form.asText() : KitJson.write(form);
    if (!http.method().equals("POST") || !http.requestContentType().equals("application/json")) {
      log.warn("gorgias integration {}: {} {} not sent: the sandbox sends only POST application/json", i.id,
          http.method(), http.requestContentType());
      return;
    }
    sender.send(new WebhookSender.Subscription(Long.toString(i.id), url, null),
        "gorgias-" + EVENT_IDS.incrementAndGet(), trigger, body);
  }

  void remove(long integrationId) {
    sender.remove(Long.toString(integrationId));
    failuresInARow.remove(Long.toString(integrationId));
  }

  void resetFailures(long integrationId) {
    failuresInARow.remove(Long.toString(integrationId));
  }

  /** Every request made so far (retries included), in order. */
  List<WebhookSender.Delivery> log() {
    List<WebhookSender.Delivery> all = new ArrayList<>();
    retired.forEach(s -> all.addAll(s.deliveries()));
    all.addAll(sender.deliveries());
    all.sort(java.util.Comparator.comparing(WebhookSender.Delivery::at));
    return all;
  }

  /** The next {@code count} tries (of any integration) get no answer, as if the receiver were down. */
  void makeUnreachable(int count) {
    unreachableTries.set(count);
  }

  /** The integration's headers as given (its Content-Type is the request content type, set by the sender). */
  private Map<String, String> headers(WebhookSender.Subscription s, byte[] body, Instant at) {
    Map<String, String> headers = new java.util.LinkedHashMap<>();
    integration(s.id()).ifPresent(i -> i.http.headers().forEach((name, value) -> {
      if (!name.toLowerCase(Locale.ROOT).equals("content-type")) {
        headers.put(name, value);
      }
    }));
    return headers;
  }

  private Optional<GorgiasIntegration> integration(String id) {
    return integrations.apply(Long.parseLong(id));
  }

  // ---- WebhookSender.DeliveryPolicy ----

  @Override
  public Duration retryWait(int status, String retryAfter, int attempt, Duration scheduled) {
    return scheduled;
  }

  @Override
  public boolean admits(String integrationId) {
    return integration(integrationId).map(GorgiasIntegration::active).orElse(false);
  }

  @Override
  public boolean unreachable(String integrationId) {
    return unreachableTries.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  @Override
  public void answered(String integrationId, int status) {
    AtomicInteger failures = failuresInARow.computeIfAbsent(integrationId, id -> new AtomicInteger());
    if (status / 100 == 2) {
      failures.set(0);
      return;
    }
    if (failures.incrementAndGet() >= disableAfter) {
      integration(integrationId).filter(GorgiasIntegration::active).ifPresent(i -> {
        i.deactivated = Instant.now();
        log.warn("gorgias integration {} deactivated after {} failed requests in a row", i.id, disableAfter);
      });
    }
  }

  @Override
  public void close() {
    sender.close();
    retired.forEach(WebhookSender::close);
  }
}
