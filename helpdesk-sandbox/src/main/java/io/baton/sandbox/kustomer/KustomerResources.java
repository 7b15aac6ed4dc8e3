package io.baton.sandbox.kustomer;

import static io.baton.sandbox.kit.KitJson.object;

import java.util.List;
import java.util.Map;

/** The JSON:API resource objects the API answers and the webhooks carry ({@code {type, id, attributes, ...}}). */
final class KustomerResources {
  private KustomerResources() {
  }

  static Map<String, Object> data(Object resource) {
    return Map.of("data", resource);
  }

  static Map<String, Object> user(KustomerOrg.User u) {
    return object("type", "user", "id", u.id(), "attributes", object("name", u.name(), "displayName",
        u.displayName(), "email", u.email()));
  }

  static Map<String, Object> queue(KustomerOrg.Queue q) {
    return object("type", "queue", "id", q.id(), "attributes", object("name", q.name()));
  }

  static Map<String, Object> customer(KustomerCustomers.Customer c) {
    return object("type", "customer", "id", c.id, "attributes", object("name", c.name, "externalId", c.externalId,
        "emails", c.emails.stream().map(e -> object("type", e.type(), "email", e.email())).toList(),
        "tags", c.tags, "createdAt", c.createdAt.toString()));
  }

  /** A chat session: the conversation as the chat API shows it. */
  static Map<String, Object> session(KustomerConversation c) {
    return object("type", "chat_session", "id", c.id, "attributes", object("customerId", c.customerId,
        "externalId", c.externalId, "active", !c.done(), "createdAt", c.createdAt.toString(), "status", c.status));
  }

  static Map<String, Object> conversation(KustomerConversation c) {
    return object("type", "conversation", "id", c.id,
        "attributes", object("status", c.status, "queue", c.queueId == null ? null : object("id", c.queueId),
            "tags", List.copyOf(c.tags), "assignedUsers", c.assignedUsers, "externalId", c.externalId,
            "channels", List.of("chat"), "createdAt", c.createdAt.toString()),
        "relationships", object("customer", ref("customer", c.customerId)));
  }

  static Map<String, Object> message(KustomerMessage m) {
    Map<String, Object> relationships = object();
    if (m.createdBy() != null) {
      relationships.put("createdBy", ref("user", m.createdBy()));
    }
    relationships.put("customer", ref("customer", m.customerId()));
    relationships.put("conversation", ref("conversation", m.conversationId()));
    return object("type", "message", "id", m.id(),
        "attributes", object("channel", "chat", "app", "chat", "direction", m.direction(), "body", m.body(),
            "preview", m.preview(), "auto", m.auto(), "externalId", m.externalId(),
            "sentAt", m.sentAt().toString(), "createdAt", m.createdAt().toString(),
            "attachments", m.attachments().stream().map(a -> object("url", a.url(), "name", a.name(),
                "contentType", a.contentType(), "contentLength", a.contentLength())).toList()),
        "relationships", relationships);
  }

  static Map<String, Object> typing(KustomerConversation c, String userId, boolean typing) {
    return object("type", "typing", "attributes", object("typing", typing), "relationships",
        object("user", ref("user", userId), "customer", ref("customer", c.customerId),
            "conversation", ref("conversation", c.id)));
  }

  static Map<String, Object> webhook(KustomerWebhooks.Webhook w, boolean withToken) {
    Map<String, Object> attributes = object("name", w.name, "url", w.url, "events", w.events,
        "headers", w.headers.stream().map(h -> object("name", h.name(), "value", h.value())).toList(),
        "enabled", w.enabled);
    if (withToken) {
      attributes.put("token", w.token);
    }
    return object("type", "outbound_webhook", "id", w.id, "attributes", attributes);
  }

  private static Map<String, Object> ref(String type, String id) {
    return Map.of("data", object("type", type, "id", id));
  }
}
