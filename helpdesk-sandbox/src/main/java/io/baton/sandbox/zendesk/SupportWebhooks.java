package io.baton.sandbox.zendesk;

import io.baton.sandbox.kit.Hmac;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Webhooks API (api-reference/webhooks/webhooks) and the deliveries: a webhook is either connected to triggers
 * and automations ({@code subscriptions: ["conditional_ticket_events"]}) or subscribed to events
 * ({@code zen:event-type:...}), never both, and the connection method cannot be changed later. Every request is signed
 * (documentation/webhooks/verifying): {@code X-Zendesk-Webhook-Signature} = base64(HMAC-SHA256(secret, timestamp +
 * body)) with the timestamp in {@code X-Zendesk-Webhook-Signature-Timestamp}. Deliveries go through the kit's
 * {@link WebhookSender} with Zendesk's retries and circuit breaker ({@link WebhookDeliveryPolicy}).
 */
final class SupportWebhooks implements AutoCloseable {
  static final String CONDITIONAL = "conditional_ticket_events";
  static final String SIGNATURE = "X-Zendesk-Webhook-Signature";
  static final String TIMESTAMP = "X-Zendesk-Webhook-Signature-Timestamp";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final Map<String, SupportWebhook> webhooks = new LinkedHashMap<>();
  private final List<WebhookSender.Delivery> earlier = new ArrayList<>();
  private final String accountId;
  private volatile WebhookDeliveryPolicy policy;
  private volatile WebhookSender sender;

  SupportWebhooks(String accountId, WebhookSender.RetrySchedule retries, WebhookDeliveryPolicy.Breaker breaker) {
    this.accountId = accountId;
    configure(retries, breaker);
  }

  /** New retry timings and breaker: requests still queued under the old ones are dropped. */
  void configure(WebhookSender.RetrySchedule retries, WebhookDeliveryPolicy.Breaker breaker) {
    if (sender != null) {
      sender.close();
      earlier.addAll(sender.deliveries());
    }
    policy = new WebhookDeliveryPolicy(breaker);
    sender = new WebhookSender("zendesk", retries, this::sign, policy);
  }

  List<SupportWebhook> webhooks() {
    return List.copyOf(webhooks.values());
  }

  SupportWebhook webhook(String id) {
    SupportWebhook w = webhooks.get(id);
    if (w == null) {
      throw ZendeskError.webhooks(404, "WebhookNotFound", "Webhook not found", "No webhook with id " + id);
    }
    return w;
  }

  boolean triggerConnected(String id) {
    SupportWebhook w = webhooks.get(id);
    return w != null && w.triggerConnected();
  }

  SupportWebhook create(JsonNode body) {
    SupportWebhook w = new SupportWebhook(ulid(), secret(), Instant.now());
    w.httpMethod = "POST";
    w.requestFormat = "json";
    w.apply(body, true);
    webhooks.put(w.id, w);
    return w;
  }

  /** Update (PUT) or Patch Webhook; the subscriptions' connection method stays as it is. */
  SupportWebhook update(String id, JsonNode body) {
    SupportWebhook w = webhook(id);
    SupportWebhook draft = new SupportWebhook(w.id, w.secret, w.createdAt);
    draft.name = w.name;
    draft.description = w.description;
    draft.endpoint = w.endpoint;
    draft.httpMethod = w.httpMethod;
    draft.requestFormat = w.requestFormat;
    draft.status = w.status;
    draft.subscriptions = w.subscriptions;
    draft.apply(body, false);
    if (draft.triggerConnected() != w.triggerConnected()) {
      throw SupportWebhook.invalid("subscriptions",
          "A webhook's connection method (triggers or events) cannot be changed");
    }
    draft.updatedAt = Instant.now();
    webhooks.put(id, draft);
    return draft;
  }

  /** Reset Webhook Signing Secret: requests queued from now on are signed with the new one. */
  String resetSecret(String id) {
    SupportWebhook w = webhook(id);
    w.secret = secret();
    return w.secret;
  }

  void delete(String id) {
    webhook(id);
    webhooks.remove(id);
    sender.remove(id);
    policy.forget(id);
  }

  /** Queues one request of a trigger's webhook, behind that webhook's earlier ones; an inactive one sends nothing. */
  void invoke(String webhookId, String eventId, String body) {
    SupportWebhook w = webhooks.get(webhookId);
    if (w == null || !"active".equals(w.status)) {
      return;
    }
    sender.send(new WebhookSender.Subscription(w.id, w.endpoint, w.secret), eventId, CONDITIONAL, body);
  }

  /** Queues a ticket event to every active webhook subscribed to its type. */
  void publish(TicketEvents.Event event) {
    for (SupportWebhook w : webhooks.values()) {
      if ("active".equals(w.status) && w.subscriptions.contains(event.type())) {
        sender.send(new WebhookSender.Subscription(w.id, w.endpoint, w.secret), event.id(), event.type(),
            event.body());
      }
    }
  }

  List<WebhookSender.Delivery> deliveries() {
    List<WebhookSender.Delivery> all = new ArrayList<>(earlier);
    all.addAll(sender.deliveries());
    return all;
  }

  boolean circuitOpen(String webhookId) {
    return policy.open(webhookId);
  }

  private Map<String, String> sign(WebhookSender.Subscription s, byte[] body, Instant at) {
    String timestamp = at.truncatedTo(ChronoUnit.SECONDS).toString();
    return Map.of(SIGNATURE, signature(s.secret(), timestamp, new String(body, StandardCharsets.UTF_8)),
        TIMESTAMP, timestamp, "X-Zendesk-Webhook-Id", s.id(), "X-Zendesk-Account-Id", accountId,
        "User-Agent", "Zendesk Webhook");
  }

  /** base64(HMAC-SHA256(secret, timestamp + body)), as a receiver recomputes it. */
  static String signature(String secret, String timestamp, String body) {
    return Base64.getEncoder().encodeToString(
        Hmac.of("HmacSHA256", secret, (timestamp + body).getBytes(StandardCharsets.UTF_8)));
  }

  /** Webhook ids are ULIDs: 26 Crockford base32 characters. */
  private static String ulid() {
    String alphabet = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
    StringBuilder b = new StringBuilder("01");
    for (int i = 0; i < 24; i++) {
      b.append(alphabet.charAt(RANDOM.nextInt(32)));
    }
    return b.toString();
  }

  private static String secret() {
    byte[] bytes = new byte[32];
    RANDOM.nextBytes(bytes);
    return Base64.getEncoder().encodeToString(bytes);
  }

  @Override
  public void close() {
    sender.close();
  }
}
