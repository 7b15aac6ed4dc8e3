package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Optional;

/**
 * Payloads as the spec's {@code x-webhooks} schemas have them: the conversation truncated, the message author without
 * {@code subtypes} (the webhook author schema has none) and with {@code author.user} (profile, metadata and identities
 * only when the webhook has {@code includeFullUser}), and the source's client and device only with
 * {@code includeFullSource}.
 */
final class WebhookPayloads {
  private final SuncoUsers users;
  private final Switchboard switchboard;

  WebhookPayloads(SuncoUsers users, Switchboard switchboard) {
    this.users = users;
    this.switchboard = switchboard;
  }

  ObjectNode conversation(SuncoConversation c) {
    return c.truncated(this::memberReference);
  }

  ObjectNode memberReference(String memberId) {
    return switchboard.find(memberId).map(SwitchboardMember::reference).orElse(null);
  }

  /** {@code conversation:message}: {conversation, message}. */
  ObjectNode message(SuncoConversation c, SuncoConversation.Message m, SuncoIntegrations.Webhook w) {
    ObjectNode payload = SuncoJson.object();
    payload.set("conversation", conversation(c));
    ObjectNode message = m.json().deepCopy();
    message.set("author", author(message.path("author").deepCopy(), m.userId(), w));
    message.set("source", source((ObjectNode) message.path("source").deepCopy(), m, w));
    payload.set("message", message);
    return payload;
  }

  /** {@code conversation:typing} and {@code conversation:read}: {conversation, activity{type, author, source}}. */
  ObjectNode activity(SuncoConversation c, String type, ObjectNode author, String userId, ObjectNode source,
      SuncoIntegrations.Webhook w) {
    ObjectNode payload = SuncoJson.object();
    payload.set("conversation", conversation(c));
    ObjectNode activity = payload.putObject("activity").put("type", type);
    activity.set("author", author(author.deepCopy(), userId, w));
    activity.set("source", source.deepCopy());
    return payload;
  }

  /** {@code switchboard:*}: {conversation, metadata?, reason?} or {conversation, metadata?, error}. */
  ObjectNode control(SuncoConversation c, ObjectNode metadata, String reason, ObjectNode error) {
    ObjectNode payload = SuncoJson.object();
    payload.set("conversation", conversation(c));
    if (metadata != null && !metadata.isEmpty()) {
      payload.set("metadata", metadata.deepCopy());
    }
    if (reason != null) {
      payload.put("reason", reason);
    }
    if (error != null) {
      payload.set("error", error);
    }
    return payload;
  }

  private ObjectNode author(ObjectNode author, String userId, SuncoIntegrations.Webhook w) {
    author.remove("subtypes");
    author.remove("userExternalId");
    author.remove("brandId");
    Optional<SuncoUsers.User> user = userId == null ? Optional.empty() : users.byId(userId);
    user.ifPresent(u -> author.set("user", w.includeFullUser() ? u.toJson() : u.truncated()));
    return author;
  }

  private static ObjectNode source(ObjectNode source, SuncoConversation.Message m, SuncoIntegrations.Webhook w) {
    source.remove("client");
    source.remove("device");
    if (w.includeFullSource()) {
      if (m.client() != null) {
        source.set("client", m.client().deepCopy());
      }
      if (m.device() != null) {
        source.set("device", m.device().deepCopy());
      }
    }
    return source;
  }
}
