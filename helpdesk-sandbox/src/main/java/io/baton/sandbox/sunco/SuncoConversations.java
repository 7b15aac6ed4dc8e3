package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Conversations, their messages and activities, and the {@code conversation:*} webhooks they raise. A new
 * conversation starts with the switchboard's default integration in control; its events (the {@code switchboard:*}
 * ones too, as the conversation is after the action) reach the integration in control, the pending one, those on
 * standby that have {@code deliverStandbyEvents} ("whether webhooks should be sent when the switchboard integration
 * is not in control"), and every integration outside the switchboard.
 */
final class SuncoConversations {
  private static final Set<String> CREATE_FIELDS = Set.of("type", "participants", "displayName", "iconUrl",
      "metadata");
  private static final Set<String> ACTIVITY_TYPES = Set.of("typing:start", "typing:stop", "conversation:read");

  private final SuncoUsers users;
  private final Switchboard switchboard;
  private final SuncoIntegrations integrations;
  private final SuncoWebhooks webhooks;
  private final WebhookPayloads payloads;
  private final int messageLimit;
  private final Map<String, SuncoConversation> conversations = new LinkedHashMap<>();
  /** Told of every message stored (the Agent Workspace copies them into its open ticket). */
  private final List<Consumer<SuncoConversation>> onMessage = new ArrayList<>();

  SuncoConversations(SuncoUsers users, Switchboard switchboard, SuncoIntegrations integrations,
      SuncoWebhooks webhooks, int messageLimit) {
    this.users = users;
    this.switchboard = switchboard;
    this.integrations = integrations;
    this.webhooks = webhooks;
    this.payloads = new WebhookPayloads(users, switchboard);
    this.messageLimit = messageLimit;
  }

  WebhookPayloads payloads() {
    return payloads;
  }

  void onMessage(Consumer<SuncoConversation> listener) {
    onMessage.add(listener);
  }

  /** POST /conversations: a personal conversation with exactly one participant. */
  SuncoConversation create(ObjectNode body, String creationReason, ObjectNode source) {
    SuncoJson.only(body, "", CREATE_FIELDS);
    String type = body.path("type").asText(null);
    if (!"personal".equals(type)) {
      throw SuncoError.badRequest("type must be personal (sdkGroup conversations are not played by the sandbox)");
    }
    JsonNode participants = body.get("participants");
    if (participants == null || !participants.isArray() || participants.size() != 1
        || !participants.get(0).isObject()) {
      throw SuncoError.badRequest("A personal conversation needs exactly one participant");
    }
    JsonNode participant = participants.get(0);
    SuncoJson.only(participant, "participants[0].", Set.of("userId", "userExternalId", "subscribeSDKClient"));
    boolean byId = participant.has("userId");
    if (byId == participant.has("userExternalId")) {
      throw SuncoError.badRequest("A participant needs exactly one of userId and userExternalId");
    }
    SuncoJson.bool(participant, "subscribeSDKClient", "participants[0].");
    String key = SuncoJson.text(participant, byId ? "userId" : "userExternalId", "participants[0].", 1, 1024);
    SuncoUsers.User user = (byId ? users.byId(key) : users.byExternalId(key)).orElseThrow(SuncoError::userNotFound);
    String displayName = SuncoJson.nullableText(body, "displayName", "", 1, 100);
    String icon = SuncoJson.nullableText(body, "iconUrl", "", 1, 2048);
    if (icon != null && !icon.matches("https?://\\S+")) {
      throw SuncoError.badRequest("iconUrl must be a URL");
    }
    ObjectNode metadata = SuncoJson.metadata(body, "");
    SuncoConversation c = new SuncoConversation(ObjectIds.next(), user.id(), displayName, icon, metadata);
    switchboard.defaultMember().ifPresent(m -> c.activeMemberId = m.id);
    conversations.put(c.id, c);
    publish(List.of(new SuncoWebhooks.Event("conversation:create", w -> {
      ObjectNode payload = SuncoJson.object();
      payload.set("conversation", payloads.conversation(c));
      payload.put("creationReason", creationReason);
      if (source != null) {
        payload.set("source", source.deepCopy());
      }
      payload.set("user", w.includeFullUser() ? user.toJson() : user.truncated());
      return payload;
    }, receives(c))));
    return c;
  }

  SuncoConversation require(String id) {
    SuncoConversation c = conversations.get(id);
    if (c == null) {
      throw SuncoError.conversationNotFound();
    }
    return c;
  }

  /** GET /conversations?filter[userId]= or filter[userExternalId]= (exactly one). */
  List<SuncoConversation> listFor(String userId, String userExternalId) {
    if ((userId == null) == (userExternalId == null)) {
      throw SuncoError.badRequest("One of filter[userId] or filter[userExternalId] is required, but not both");
    }
    SuncoUsers.User user = (userId != null ? users.byId(userId) : users.byExternalId(userExternalId))
        .orElseThrow(SuncoError::userNotFound);
    return conversations.values().stream().filter(c -> c.userId.equals(user.id())).toList();
  }

  List<SuncoConversation> all() {
    return List.copyOf(conversations.values());
  }

  ObjectNode toJson(SuncoConversation c) {
    return c.toJson(payloads::memberReference);
  }

  /** POST /conversations/{id}/messages, checked by {@link MessagePosts}. */
  SuncoConversation.Message post(String conversationId, ObjectNode body) {
    SuncoConversation c = require(conversationId);
    MessagePosts.Post post = MessagePosts.read(body);
    String userId = null;
    ObjectNode author = post.author();
    if (author.path("type").asText().equals("user")) {
      SuncoUsers.User user = (author.has("userId") ? users.byId(author.get("userId").asText())
          : users.byExternalId(author.get("userExternalId").asText())).orElseThrow(SuncoError::userNotFound);
      if (!user.id().equals(c.userId)) {
        throw SuncoError.badRequest("The author is not a participant of the conversation");
      }
      userId = user.id();
    }
    return store(c, author, userId, post.content(), post.metadata(),
        SuncoJson.object().put("type", "api:conversations"), null, null);
  }

  /** Stores a checked message (423 once the conversation is full) and raises {@code conversation:message}. */
  SuncoConversation.Message store(SuncoConversation c, ObjectNode givenAuthor, String userId, ObjectNode content,
      ObjectNode metadata, ObjectNode source, ObjectNode client, ObjectNode device) {
    if (c.messages.size() >= messageLimit) {
      throw new SuncoError(423, "locked", "Message limit of " + messageLimit + " per conversation reached.");
    }
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    ObjectNode json = SuncoJson.object().put("id", ObjectIds.next()).put("received", now.toString());
    ObjectNode author = json.putObject("author").put("type", givenAuthor.path("type").asText());
    if (givenAuthor.has("subtypes")) {
      author.set("subtypes", givenAuthor.get("subtypes").deepCopy());
    }
    if (userId != null) {
      author.put("userId", userId);
    }
    String displayName = givenAuthor.path("displayName").asText(null);
    if (displayName == null && userId != null) {
      displayName = users.byId(userId).map(SuncoUsers.User::displayName).orElse(null);
    }
    if (displayName != null) {
      author.put("displayName", displayName);
    }
    if (givenAuthor.has("avatarUrl")) {
      author.put("avatarUrl", givenAuthor.get("avatarUrl").asText());
    }
    json.set("content", content);
    json.set("source", source);
    if (metadata != null) {
      json.set("metadata", metadata);
    }
    SuncoConversation.Message message = new SuncoConversation.Message(json, userId, client, device);
    c.messages.add(message);
    c.lastUpdatedAt = now;
    onMessage.forEach(listener -> listener.accept(c));
    publish(List.of(new SuncoWebhooks.Event("conversation:message", w -> payloads.message(c, message, w),
        receives(c))));
    return message;
  }

  /** POST /conversations/{id}/activity: typing:start/stop, conversation:read. */
  void activity(String conversationId, ObjectNode body) {
    SuncoConversation c = require(conversationId);
    SuncoJson.only(body, "", Set.of("author", "type"));
    String type = body.path("type").asText(null);
    if (!ACTIVITY_TYPES.contains(type)) {
      throw SuncoError.badRequest("type must be one of " + ACTIVITY_TYPES);
    }
    JsonNode author = body.get("author");
    if (author == null || !author.isObject()) {
      throw SuncoError.badRequest("author is required (an object)");
    }
    ObjectNode checked = (ObjectNode) MessagePosts.read(authorOnly((ObjectNode) author)).author();
    String userId = null;
    if (checked.path("type").asText().equals("user")) {
      SuncoUsers.User user = (checked.has("userId") ? users.byId(checked.get("userId").asText())
          : users.byExternalId(checked.get("userExternalId").asText())).orElseThrow(SuncoError::userNotFound);
      if (!user.id().equals(c.userId)) {
        throw SuncoError.badRequest("The author is not a participant of the conversation");
      }
      userId = user.id();
    } else if (type.equals("conversation:read")) {
      c.businessLastRead = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    }
    activity(c, type, checked, userId, SuncoJson.object().put("type", "api:conversations"));
  }

  /** Raises an activity's webhook ({@code conversation:typing} or {@code conversation:read}). */
  void activity(SuncoConversation c, String type, ObjectNode author, String userId, ObjectNode source) {
    ObjectNode webhookAuthor = SuncoJson.object().put("type", author.path("type").asText());
    if (userId != null) {
      webhookAuthor.put("userId", userId);
    }
    String trigger = type.equals("conversation:read") ? "conversation:read" : "conversation:typing";
    publish(List.of(new SuncoWebhooks.Event(trigger,
        w -> payloads.activity(c, type, webhookAuthor, userId, source, w), receives(c))));
  }

  /**
   * Which integrations receive a conversation's events, as it is now: see the class comment. The pending one is
   * told (offerControl "triggers a webhook signal to that integration").
   */
  Predicate<String> receives(SuncoConversation c) {
    return integrationId -> !switchboard.enabled() || switchboard.ofIntegration(integrationId)
        .map(m -> m.id.equals(c.activeMemberId) || m.id.equals(c.pendingMemberId) || m.deliverStandbyEvents)
        .orElse(true);
  }

  /** Queues events raised together for every webhook of the app that has their trigger. */
  void publish(List<SuncoWebhooks.Event> events) {
    webhooks.publish(integrations.webhooks(), events);
  }

  /** An activity body's author, wrapped as a message post so that the author rules are checked once. */
  private static ObjectNode authorOnly(ObjectNode author) {
    ObjectNode post = SuncoJson.object();
    post.set("author", author);
    post.putObject("content").put("type", "text").put("text", "-");
    return post;
  }
}
