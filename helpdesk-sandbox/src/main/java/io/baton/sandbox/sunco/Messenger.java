package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The end user's side, as the Web Messenger would play it (not SunCo API): a person picks or creates a user by
 * externalId, writes in their conversation (created on the first message, {@code creationReason:"message"}) and taps
 * quick replies. Their messages come from source {@code web} with the Web Messenger's integration id and, for
 * {@code includeFullSource} webhooks, an {@code sdk} client and a {@code web} device.
 */
final class Messenger {
  private final SuncoUsers users;
  private final SuncoConversations conversations;
  private final String integrationId;
  private final Map<String, ObjectNode[]> clientsByUser = new HashMap<>();

  Messenger(SuncoUsers users, SuncoConversations conversations, String integrationId) {
    this.users = users;
    this.conversations = conversations;
    this.integrationId = integrationId;
  }

  /**
   * The user with this externalId, or (without one) the user whose email this is; created if there is none, with
   * the email as externalId when no externalId is given (as an agent-initiated conversation expects).
   */
  SuncoUsers.User user(String externalId, String email, String givenName) {
    if (email != null && !email.matches("[^@\\s]+@[^@\\s]+")) {
      throw SuncoError.badRequest("email must be an email address");
    }
    if (externalId == null && email != null) {
      SuncoUsers.User byEmail = users.all().stream()
          .filter(u -> u.identityEmails().contains(email) || email.equals(u.email())).findFirst().orElse(null);
      if (byEmail != null) {
        return byEmail;
      }
      externalId = email;
    }
    if (externalId == null || externalId.isBlank() || externalId.length() > 1024) {
      throw SuncoError.badRequest("externalId or email is required (externalId: 1 to 1024 characters)");
    }
    String id = externalId;
    return users.byExternalId(id).orElseGet(() -> users.createForMessenger(id, email, givenName));
  }

  Optional<SuncoConversation> conversationOf(String externalId) {
    return users.byExternalId(externalId).flatMap(u -> {
      List<SuncoConversation> mine = conversations.listFor(u.id(), null);
      return mine.isEmpty() ? Optional.empty() : Optional.of(mine.get(mine.size() - 1));
    });
  }

  /** The user writes {@code content} (checked as a message post's); the new message's id. */
  String write(String externalId, ObjectNode content) {
    SuncoUsers.User user = user(externalId, null, null);
    ObjectNode checked = MessagePosts.content(content);
    SuncoConversation c = conversationOf(externalId).orElseGet(() -> {
      ObjectNode body = SuncoJson.object().put("type", "personal");
      body.putArray("participants").addObject().put("userId", user.id());
      return conversations.create(body, "message", source());
    });
    ObjectNode[] clientAndDevice = clientsByUser.computeIfAbsent(user.id(), id -> clientAndDevice(id));
    ObjectNode author = SuncoJson.object().put("type", "user");
    return conversations.store(c, author, user.id(), checked, null, source(), clientAndDevice[0],
        clientAndDevice[1]).id();
  }

  /** The user taps the {@code index}th action of a message, which must be a reply: its text goes out. */
  String tapReply(String externalId, String messageId, int index) {
    SuncoConversation c = conversationOf(externalId).orElseThrow(SuncoError::conversationNotFound);
    SuncoConversation.Message message = c.messages.stream().filter(m -> m.id().equals(messageId)).findFirst()
        .orElseThrow(SuncoError::resourceNotFound);
    JsonNode actions = MessagePosts.actionsOf(message.json());
    if (index < 0 || index >= actions.size() || !actions.get(index).path("type").asText().equals("reply")) {
      throw SuncoError.badRequest("Message " + messageId + " has no reply action " + index);
    }
    JsonNode reply = actions.get(index);
    return write(externalId, SuncoJson.object().put("type", "text").put("text", reply.path("text").asText())
        .put("payload", reply.path("payload").asText()));
  }

  private ObjectNode source() {
    return SuncoJson.object().put("type", "web").put("integrationId", integrationId);
  }

  private ObjectNode[] clientAndDevice(String userId) {
    String now = Instant.now().toString();
    String clientId = ObjectIds.next();
    ObjectNode client = SuncoJson.object().put("id", clientId).put("type", "sdk").put("status", "active")
        .put("integrationId", integrationId).put("lastSeen", now).put("linkedAt", now);
    client.putObject("info").put("browserName", "Sandbox Messenger");
    ObjectNode device = SuncoJson.object().put("id", ObjectIds.next()).put("type", "web")
        .put("guid", ObjectIds.secret()).put("clientId", clientId).put("status", "active")
        .put("integrationId", integrationId).put("lastSeen", now);
    return new ObjectNode[] {client, device};
  }
}
