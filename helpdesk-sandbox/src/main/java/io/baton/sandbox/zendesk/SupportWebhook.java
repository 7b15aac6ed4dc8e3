package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.KitJson;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One webhook (api-reference/webhooks/webhooks): where it sends, how, its status and subscriptions, and its signing
 * secret, which its JSON never shows.
 */
final class SupportWebhook {
  private static final List<String> METHODS = List.of("GET", "POST", "PUT", "PATCH", "DELETE");
  private static final List<String> FORMATS = List.of("json", "xml", "form_encoded");

  final String id;
  String name;
  String description;
  String endpoint;
  String httpMethod;
  String requestFormat;
  String status;
  List<String> subscriptions;
  String secret;
  final Instant createdAt;
  Instant updatedAt;

  SupportWebhook(String id, String secret, Instant at) {
    this.id = id;
    this.secret = secret;
    this.createdAt = at;
    this.updatedAt = at;
  }

  boolean triggerConnected() {
    return subscriptions.contains(SupportWebhooks.CONDITIONAL);
  }

  /** Never with its secret: that is only read through Show Webhook Signing Secret. */
  Map<String, Object> toJson() {
    return KitJson.object("id", id, "name", name, "description", description, "status", status, "subscriptions",
        subscriptions, "endpoint", endpoint, "http_method", httpMethod, "request_format", requestFormat,
        "created_at", createdAt.toString(), "updated_at", updatedAt.toString());
  }

  /** Takes a Create, Update or Patch body's fields; callers apply it to a draft they keep only when it passes. */
  void apply(JsonNode body, boolean creating) {
    if (body == null || !body.isObject()) {
      throw invalid("webhook", "webhook is required and must be an object");
    }
    if (creating || body.has("name")) {
      this.name = required(body, "name");
    }
    if (body.path("description").isTextual()) {
      this.description = body.get("description").asText();
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
      this.endpoint = endpoint;
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
      this.httpMethod = method;
    }
    if (body.has("request_format")) {
      String format = required(body, "request_format");
      if (!FORMATS.contains(format)) {
        throw invalid("request_format", "request_format must be one of " + FORMATS);
      }
      if (!"json".equals(format)) {
        throw invalid("request_format", "the sandbox delivers json bodies only");
      }
      this.requestFormat = format;
    }
    if (creating || body.has("status")) {
      String status = required(body, "status");
      if (!List.of("active", "inactive").contains(status)) {
        throw invalid("status", "status must be active or inactive");
      }
      this.status = status;
    }
    if (creating || body.has("subscriptions")) {
      JsonNode subscriptions = body.path("subscriptions");
      List<String> list = new ArrayList<>();
      subscriptions.forEach(s -> list.add(s.asText()));
      if (!subscriptions.isArray() || list.isEmpty()) {
        throw invalid("subscriptions", "subscriptions is required: [\"conditional_ticket_events\"] or event types");
      }
      boolean conditional = list.contains(SupportWebhooks.CONDITIONAL);
      if (conditional && list.size() > 1) {
        throw invalid("subscriptions",
            "A webhook is connected to triggers and automations or subscribed to events, not both");
      }
      if (!conditional && !TicketEvents.TYPES.containsAll(list)) {
        // Zendesk has more event types; the sandbox refuses the ones it would never send rather than keep silent.
        throw invalid("subscriptions", "The sandbox sends conditional_ticket_events or " + TicketEvents.TYPES);
      }
      this.subscriptions = List.copyOf(list);
    }
  }

  private static String required(JsonNode body, String field) {
    JsonNode value = body.path(field);
    if (!value.isTextual() || value.asText().isBlank()) {
      throw invalid(field, field + " is required");
    }
    return value.asText();
  }

  static ZendeskError invalid(String field, String detail) {
    return ZendeskError.webhooks(400, "InvalidValue", "Invalid " + field, detail);
  }
}
