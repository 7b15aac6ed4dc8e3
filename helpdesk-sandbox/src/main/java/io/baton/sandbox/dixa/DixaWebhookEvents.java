package io.baton.sandbox.dixa;

import io.baton.sandbox.kit.Hmac;
import io.baton.sandbox.kit.WebhookSender;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * Webhook subscriptions (per organization) and the events they get: each event's envelope, POSTed signed by the
 * kit's {@link WebhookSender}. Guarded by the simulator's monitor: every method but {@link #deliveries} and
 * {@link #signature} is called with it held.
 */
final class DixaWebhookEvents {
  private final DixaDirectory directory;
  private final WebhookSender webhooks;
  private final Map<String, Subscription> subscriptions = new LinkedHashMap<>();

  private static final class Subscription {
    final String id;
    final String org;
    final String name;
    final String url;
    final List<String> events;
    final String secretKey;

    Subscription(String id, String org, String name, String url, List<String> events, String secretKey) {
      this.id = id;
      this.org = org;
      this.name = name;
      this.url = url;
      this.events = events;
      this.secretKey = secretKey;
    }

    WebhookSender.Subscription target() {
      return new WebhookSender.Subscription(id, url, secretKey);
    }

    Map<String, Object> view() {
      Map<String, Object> v = new LinkedHashMap<>();
      v.put("id", id);
      v.put("name", name);
      v.put("url", url);
      v.put("events", events);
      v.put("secretKey", secretKey);
      v.put("enabled", true);
      v.put("authorization", Map.of("_type", "NoAuth"));
      return v;
    }
  }

  /** @param retryBase the first webhook retry's wait; it doubles per retry, {@code tries} in all */
  DixaWebhookEvents(DixaDirectory directory, int tries, Duration retryBase) {
    this.directory = directory;
    this.webhooks = new WebhookSender(DixaSimulator.NAME, WebhookSender.RetrySchedule.doubling(tries, retryBase),
        (subscription, body, at) -> Map.of(
            "X-DIXA-SIGNATURE", signature(subscription.secret(), at.getEpochSecond(),
                new String(body, StandardCharsets.UTF_8)),
            "X-DIXA-SUBSCRIPTION-ID", subscription.id()));
  }

  Map<String, Object> subscribe(String org, String name, String url, List<String> events) {
    if (url == null || !(url.startsWith("http://") || url.startsWith("https://"))) {
      throw new DixaError(400, "Invalid value for: body (url)");
    }
    byte[] secret = new byte[32];
    new SecureRandom().nextBytes(secret);
    Subscription s = new Subscription(UUID.randomUUID().toString(), org, name, url, List.copyOf(events),
        HexFormat.of().formatHex(secret));
    subscriptions.put(s.id, s);
    return s.view();
  }

  List<Map<String, Object>> subscriptionsOf(String org) {
    return subscriptions.values().stream().filter(s -> s.org.equals(org)).map(Subscription::view).toList();
  }

  void unsubscribe(String org, String id) {
    Subscription s = subscriptions.get(id);
    if (s == null || !s.org.equals(org)) {
      throw new DixaError(404, "Webhook subscription " + id + " not found");
    }
    subscriptions.remove(id);
    webhooks.remove(id);
  }

  /** Every webhook POST made so far, in order, with its answer's status (0: no answer). */
  List<DixaSimulator.Delivery> deliveries() {
    return webhooks.deliveries().stream().map(d -> new DixaSimulator.Delivery(d.subscriptionId(), d.eventId(),
        d.event(), d.body(), d.headers().get("X-DIXA-SIGNATURE"), d.status())).toList();
  }

  /** The {@code X-DIXA-SIGNATURE} header for a body, as Dixa computes it. */
  static String signature(String secretKeyHex, long timestamp, String body) {
    byte[] digest = Hmac.of("HmacSHA256", HexFormat.of().parseHex(secretKeyHex),
        (timestamp + "." + body).getBytes(StandardCharsets.UTF_8));
    return "t=" + timestamp + ",v1=" + HexFormat.of().formatHex(digest);
  }

  /** The event to every subscription of the conversation's organization that asked for it. */
  void emit(DixaConversations.Conv c, String eventFqn, Map<String, Object> extra) {
    Map<String, Object> conversation = new LinkedHashMap<>();
    conversation.put("csid", c.id);
    conversation.put("channel", c.channel);
    conversation.put("status", c.status);
    conversation.put("queue", c.queueId == null ? null
        : Map.of("id", c.queueId, "name", directory.queueName(c.queueId)));
    conversation.put("assignee", c.assignee == null ? null
        : directory.agentAuthor(directory.knownAgentId(c.assignee)));
    conversation.put("requester", Map.of("id", c.requesterId, "name", directory.nameOf(c.requesterId)));
    conversation.put("tags", List.copyOf(c.tags));
    Map<String, Object> data = new LinkedHashMap<>(extra);
    data.put("conversation", conversation);
    for (Subscription s : subscriptions.values()) {
      if (!s.org.equals(c.org) || !s.events.contains(eventFqn)) {
        continue;
      }
      Map<String, Object> envelope = new LinkedHashMap<>();
      envelope.put("event_id", UUID.randomUUID().toString());
      envelope.put("event_fqn", eventFqn);
      envelope.put("event_version", "1");
      envelope.put("event_timestamp", Instant.now().toString());
      envelope.put("organization", Map.of("id", c.org, "name", c.org));
      envelope.put("data", data);
      String body;
      try {
        body = DixaSimulator.JSON.writeValueAsString(envelope);
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      webhooks.send(s.target(), (String) envelope.get("event_id"), eventFqn, body);
    }
  }

  void close() {
    webhooks.close();
  }
}
