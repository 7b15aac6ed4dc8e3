package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Webhook delivery as SunCo makes it: each webhook gets one POST per batch of events raised together (one API call,
 * one agent action, one end-user message: see {@link #beginCall}), holding only its triggers, {@code {app:{id}, webhook:{id, version:"v2"}, events:[{id, type,
 * createdAt, payload}]}}, with header {@code X-API-Key: <webhook secret>} (no HMAC). One lane per webhook keeps them
 * in order; a failed POST is tried again up to 5 attempts in all (over 15 minutes with the default schedule: waits of
 * 1, 2, 4 and 8 minutes), an answer slower than 20 s counts as failed, and 400/401/403/404/406 are not retried.
 */
final class SuncoWebhooks implements AutoCloseable {
  static final int ATTEMPTS = 5;
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(20);
  static final Set<Integer> NOT_RETRIED = Set.of(400, 401, 403, 404, 406);

  /** The default retry schedule: 5 attempts, 1 + 2 + 4 + 8 = 15 minutes of waits. */
  static WebhookSender.RetrySchedule defaultSchedule() {
    return WebhookSender.RetrySchedule.doubling(ATTEMPTS, Duration.ofMinutes(1));
  }

  /**
   * One event to deliver: its type (the trigger), the payload as a given webhook sees it (full user and source or
   * not), and which integrations receive it (the switchboard's standby rules).
   */
  record Event(String type, Function<SuncoIntegrations.Webhook, ObjectNode> payload,
      Predicate<String> integrationReceives) {}

  /** One webhook's events of the call under way. */
  private record Batch(SuncoIntegrations.Webhook webhook, List<ObjectNode> events) {
    Batch(SuncoIntegrations.Webhook webhook) {
      this(webhook, new ArrayList<>());
    }
  }

  private final String appId;
  private final WebhookSender sender;
  private final Map<String, Batch> pending = new LinkedHashMap<>();
  private int depth;

  SuncoWebhooks(String appId, WebhookSender.RetrySchedule schedule, Duration answerTimeout) {
    this.appId = appId;
    this.sender = new WebhookSender("sunco", schedule,
        (subscription, body, at) -> Map.of("X-API-Key", subscription.secret()), answerTimeout, NOT_RETRIED);
  }

  /** A call under way: its events wait for its end, so that each webhook gets them in one POST. */
  void beginCall() {
    depth++;
  }

  /** The call is over: each webhook's events raised during it go out in one POST, in the order they happened. */
  void endCall() {
    if (--depth > 0) {
      return;
    }
    for (Batch batch : pending.values()) {
      ObjectNode body = SuncoJson.object();
      body.putObject("app").put("id", appId);
      body.putObject("webhook").put("id", batch.webhook.id()).put("version", "v2");
      batch.events.forEach(body.putArray("events")::add);
      List<String> types = batch.events.stream().map(e -> e.path("type").asText()).toList();
      sender.send(new WebhookSender.Subscription(batch.webhook.id(), batch.webhook.target(), batch.webhook.secret()),
          batch.events.get(0).path("id").asText(), String.join(",", types), SuncoJson.write(body));
    }
    pending.clear();
  }

  /**
   * Raises events for every webhook that has their triggers, each payload as that webhook sees it now; they go out
   * when the call ends (at once outside a call).
   */
  void publish(List<SuncoIntegrations.Webhook> webhooks, List<Event> events) {
    beginCall();
    try {
      String createdAt = Instant.now().truncatedTo(ChronoUnit.MILLIS).toString();
      List<String> ids = events.stream().map(e -> ObjectIds.next()).toList();
      for (SuncoIntegrations.Webhook webhook : webhooks) {
        for (int i = 0; i < events.size(); i++) {
          Event event = events.get(i);
          if (webhook.triggers().contains(event.type())
              && event.integrationReceives().test(webhook.integrationId())) {
            ObjectNode json = SuncoJson.object().put("id", ids.get(i)).put("type", event.type())
                .put("createdAt", createdAt);
            json.set("payload", event.payload().apply(webhook));
            pending.computeIfAbsent(webhook.id(), id -> new Batch(webhook)).events.add(json);
          }
        }
      }
    } finally {
      endCall();
    }
  }

  /** A deleted webhook's queued events go with it. */
  void remove(String webhookId) {
    sender.remove(webhookId);
  }

  List<WebhookSender.Delivery> deliveries() {
    return sender.deliveries();
  }

  @Override
  public void close() {
    sender.close();
  }
}
