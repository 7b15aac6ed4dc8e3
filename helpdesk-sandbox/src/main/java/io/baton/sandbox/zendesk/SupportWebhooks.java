package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

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
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final List<String> FORMATS = List.of("json", "xml", "form_encoded");
  private static final SecureRandom RANDOM = new SecureRandom();

  static final class Webhook {
    final String id;
    String name;
    String description;
    String endpoint;
    String httpMethod;
    String requestFormat;
    String status;
    List<String> subscriptions;
    final String secret;
    final Instant createdAt;
    Instant updatedAt;

    Webhook(String id, String secret, Instant at) {
      this.id = id;
      this.secret = secret;
      this.createdAt = at;
      this.updatedAt = at;
    }

    boolean triggerConnected() {
      return subscriptions.contains(CONDITIONAL);
    }

    /** Never with its secret: that is only read through Show Webhook Signing Secret. */
    Map<String, Object> toJson() {
      return KitJson.object("id", id, "name", name, "description", description, "status", status, "subscriptions",
          subscriptions, "endpoint", endpoint, "http_method", httpMethod, "request_format", requestFormat,
          "created_at", createdAt.toString(), "updated_at", updatedAt.toString());
    }
  }

  private final Map<String, Webhook> webhooks = new LinkedHashMap<>();
  private final WebhookDeliveryPolicy policy;
  private final WebhookSender sender;
  private final String accountId;

  SupportWebhooks(String accountId, WebhookSender.RetrySchedule retries, WebhookDeliveryPolicy.Breaker breaker) {
    this.accountId = accountId;
    this.policy = new WebhookDeliveryPolicy(breaker);
    this.sender = new WebhookSender("zendesk", retries, this::sign, policy);
  }

  List<Webhook> webhooks() {
    return List.copyOf(webhooks.values());
  }

  Webhook webhook(String id) {
    Webhook w = webhooks.get(id);
    if (w == null) {
      throw ZendeskError.webhooks(404, "WebhookNotFound", "Webhook not found", "No webhook with id " + id);
    }
    return w;
  }

  boolean triggerConnected(String id) {
    Webhook w = webhooks.get(id);
    return w != null && w.triggerConnected();
  }

  Webhook create(JsonNode body) {
    Webhook w = new Webhook(ulid(), secret(), Instant.now());
    w.httpMethod = "POST";
    w.requestFormat = "json";
    apply(w, body, true);
    webhooks.put(w.id, w);
    return w;
  }

  /** Update (PUT) or Patch Webhook; the subscriptions' connection method stays as it is. */
  Webhook update(String id, JsonNode body) {
    Webhook w = webhook(id);
    Webhook draft = new Webhook(w.id, w.secret, w.createdAt);
    draft.name = w.name;
    draft.description = w.description;
    draft.endpoint = w.endpoint;
    draft.httpMethod = w.httpMethod;
    draft.requestFormat = w.requestFormat;
    draft.status = w.status;
    draft.subscriptions = w.subscriptions;
    apply(draft, body, false);
    if (draft.triggerConnected() != w.triggerConnected()) {
      throw invalid("subscriptions", "A webhook's connection method (triggers or events) cannot be changed");
    }
    draft.updatedAt = Instant.now();
    webhooks.put(id, draft);
    return draft;
  }

  void delete(String id) {
    webhook(id);
    webhooks.remove(id);
    sender.remove(id);
    policy.forget(id);
  }

  private static void apply(Webhook w, JsonNode body, boolean creating) {
    if (body == null || !body.isObject()) {
      throw invalid("webhook", "webhook is required and must be an object");
    }
    if (creating || body.has("name")) {
      w.name = required(body, "name");
    }
    if (body.path("description").isTextual()) {
      w.description = body.get("description").asText();
    }
    if (creating || body.has("endpoint")) {
      String endpoint = required(body, "endpoint");
      URI uri;
      try {
        uri = URI.create(endpoint);
      } catch (IllegalArgumentException e) {
        throw invalid("endpoint", "endpoint must be a valid URL");
      }
      if (uri.getHost() == null || !List.of("http", "https").contains(uri.getScheme())) {
        throw invalid("endpoint", "endpoint must be a valid http(s) URL");
      }
      w.endpoint = endpoint;
    }
    if (body.has("http_method")) {
      String method = required(body, "http_method");
      if (!METHODS.contains(method)) {
        throw invalid("http_method", "http_method must be one of " + METHODS);
      }
      if (!"POST".equals(method)) {
        // Zendesk takes the others too; the sandbox delivers POSTs only, so it refuses what it would not send.
        throw invalid("http_method", "the sandbox delivers webhooks with POST only");
      }
      w.httpMethod = method;
    }
    if (body.has("request_format")) {
      String format = required(body, "request_format");
      if (!FORMATS.contains(format)) {
        throw invalid("request_format", "request_format must be one of " + FORMATS);
      }
      if (!"json".equals(format)) {
        throw invalid("request_format", "the sandbox delivers json bodies only");
      }
      w.requestFormat = format;
    }
    if (creating || body.has("status")) {
      String status = required(body, "status");
      if (!List.of("active", "inactive").contains(status)) {
        throw invalid("status", "status must be active or inactive");
      }
      w.status = status;
    }
    if (creating || body.has("subscriptions")) {
      JsonNode subscriptions = body.path("subscriptions");
      List<String> list = new ArrayList<>();
      subscriptions.forEach(s -> list.add(s.asText()));
      if (!subscriptions.isArray() || list.isEmpty()) {
        throw invalid("subscriptions", "subscriptions is required: [\"conditional_ticket_events\"] or event types");
      }
      boolean conditional = list.contains(CONDITIONAL);
      if (conditional && list.size() > 1) {
        throw invalid("subscriptions",
            "A webhook is connected to triggers and automations or subscribed to events, not both");
      }
      if (!conditional && !list.stream().allMatch(s -> s.matches("zen:event-type:[a-z_]+\\.[a-z_.]+"))) {
        throw invalid("subscriptions", "Unknown subscription; use conditional_ticket_events or zen:event-type:*");
      }
      w.subscriptions = List.copyOf(list);
    }
  }

  /** Queues one request of a trigger's webhook, behind that webhook's earlier ones; an inactive one sends nothing. */
  void invoke(String webhookId, String eventId, String body) {
    Webhook w = webhooks.get(webhookId);
    if (w == null || !"active".equals(w.status)) {
      return;
    }
    sender.send(new WebhookSender.Subscription(w.id, w.endpoint, w.secret), eventId, CONDITIONAL, body);
  }

  List<WebhookSender.Delivery> deliveries() {
    return sender.deliveries();
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
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return Base64.getEncoder().encodeToString(mac.doFinal((timestamp + body).getBytes(StandardCharsets.UTF_8)));
    } catch (java.security.GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid(field, field + " is required");
    }
    return value.asText();
  }

  private static ZendeskError invalid(String field, String detail) {
    return ZendeskError.webhooks(400, "InvalidValue", "Invalid " + field, detail);
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
