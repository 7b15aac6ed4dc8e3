package io.baton.sandbox.kustomer;

import io.baton.sandbox.kit.Hmac;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * How events reach a webhook: one POST per event through the kit's {@link WebhookSender}, signed
 * ({@code X-Kustomer-Webhook-Signature}: hex HMAC-SHA256 of the raw body with the webhook's token), named
 * ({@code X-Kustomer-Webhook-Event}) and with the registration's headers; a failed POST is tried again after each of
 * the settings' waits, and a webhook whose event failed every try is disabled. In the scrambled mode the events of
 * each window go out shuffled, each twice.
 */
final class KustomerDeliveries implements WebhookSender.DeliveryPolicy, AutoCloseable {
  static final String EVENT_HEADER = "X-Kustomer-Webhook-Event";
  static final String SIGNATURE_HEADER = "X-Kustomer-Webhook-Signature";

  private record Pending(KustomerWebhooks.Webhook webhook, String eventId, String event, String body) {}

  private final KustomerSettings settings;
  private final Function<String, Optional<KustomerWebhooks.Webhook>> webhooks;
  private final WebhookSender sender;
  private final AtomicInteger unreachableTries = new AtomicInteger();
  private final Map<String, List<Pending>> held = new LinkedHashMap<>();
  private final Random shuffle;
  private final ScheduledExecutorService flusher = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "kustomer-webhook-scrambler");
    t.setDaemon(true);
    return t;
  });
  private volatile Duration scrambleWindow;
  /** The sender calls retryWait on the webhook's own lane thread right after answered: the one that just failed. */
  private final ThreadLocal<String> lastAnswered = new ThreadLocal<>();

  KustomerDeliveries(KustomerSettings settings, Function<String, Optional<KustomerWebhooks.Webhook>> webhooks) {
    this.settings = settings;
    this.webhooks = webhooks;
    List<Duration> waits = settings.retryWaits();
    // One try more than the schedule has: the policy sees the last failure (retryWait) and disables the webhook.
    this.sender = new WebhookSender("kustomer", new WebhookSender.RetrySchedule(waits.size() + 2,
        waits.isEmpty() ? Duration.ZERO : waits.get(0), 1), this::sign, settings.answerTimeout(), this);
    this.shuffle = new Random(settings.scrambleSeed());
    this.scrambleWindow = settings.scrambleWindow();
  }

  /** Null: in order, once; else the events of each such window go out shuffled, each twice. */
  void scramble(Duration window) {
    scrambleWindow = window;
  }

  void send(KustomerWebhooks.Webhook w, String eventId, String event, String body) {
    Duration window = scrambleWindow;
    if (window == null) {
      sender.send(subscription(w), eventId, event, body);
      return;
    }
    synchronized (held) {
      List<Pending> batch = held.computeIfAbsent(w.id, id -> new ArrayList<>());
      batch.add(new Pending(w, eventId, event, body));
      if (batch.size() == 1) {
        flusher.schedule(() -> flush(w.id), window.toMillis(), TimeUnit.MILLISECONDS);
      }
    }
  }

  /** The window's events shuffled (never left in their order when there are two or more), then each again. */
  private void flush(String webhookId) {
    List<Pending> batch;
    synchronized (held) {
      batch = held.remove(webhookId);
    }
    if (batch == null) {
      return;
    }
    List<Pending> order = new ArrayList<>(batch);
    synchronized (shuffle) {
      Collections.shuffle(order, shuffle);
    }
    if (order.size() > 1 && order.equals(batch)) {
      Collections.reverse(order);
    }
    List<Pending> again = new ArrayList<>(order);
    synchronized (shuffle) {
      Collections.shuffle(again, shuffle);
    }
    order.addAll(again);
    order.forEach(p -> sender.send(subscription(p.webhook()), p.eventId(), p.event(), p.body()));
  }

  private static WebhookSender.Subscription subscription(KustomerWebhooks.Webhook w) {
    return new WebhookSender.Subscription(w.id, w.url, w.token);
  }

  void remove(String webhookId) {
    synchronized (held) {
      held.remove(webhookId);
    }
    sender.remove(webhookId);
  }

  List<WebhookSender.Delivery> log() {
    return sender.deliveries();
  }

  /** The next {@code count} tries (of any webhook) get no answer, as if the receiver were down. */
  void makeUnreachable(int count) {
    unreachableTries.set(count);
  }

  private Map<String, String> sign(WebhookSender.Subscription s, byte[] body, Instant at) {
    Map<String, String> headers = new HashMap<>();
    webhooks.apply(s.id()).ifPresent(w -> w.headers.forEach(h -> headers.put(h.name(), h.value())));
    headers.put(EVENT_HEADER, KitJson.readOrNull(new String(body, StandardCharsets.UTF_8)).path("name").asText());
    headers.put(SIGNATURE_HEADER, Hmac.hex("HmacSHA256", s.secret(), body));
    return headers;
  }

  // ---- WebhookSender.DeliveryPolicy ----

  @Override
  public Duration retryWait(int status, String retryAfter, int attempt, Duration scheduled) {
    List<Duration> waits = settings.retryWaits();
    if (attempt <= waits.size()) {
      return waits.get(attempt - 1);
    }
    // The schedule's last try failed too: Kustomer disables the webhook.
    webhooks.apply(currentSubscription()).ifPresent(w -> w.enabled = false);
    return null;
  }

  @Override
  public boolean admits(String webhookId) {
    return webhooks.apply(webhookId).map(w -> w.enabled).orElse(false);
  }

  @Override
  public boolean unreachable(String webhookId) {
    return unreachableTries.getAndUpdate(n -> Math.max(0, n - 1)) > 0;
  }

  @Override
  public void answered(String webhookId, int status) {
    lastAnswered.set(webhookId);
  }

  private String currentSubscription() {
    return lastAnswered.get();
  }

  @Override
  public void close() {
    flusher.shutdownNow();
    sender.close();
  }
}
