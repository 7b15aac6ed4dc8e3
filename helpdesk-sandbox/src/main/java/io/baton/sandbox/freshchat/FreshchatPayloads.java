package io.baton.sandbox.freshchat;

import io.baton.sandbox.freshchat.FreshchatConversations.Actor;
import io.baton.sandbox.freshchat.FreshchatConversations.Conversation;
import io.baton.sandbox.kit.KitJson;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The webhook bodies: the envelope {@code {actor:{actor_type, actor_id}, action, action_time, data}} (no event id)
 * around {@code data.message} ({@code message_create}, in the account's {@link PayloadVariant}),
 * {@code data.assignment}, {@code data.resolve} or {@code data.reopen}, each with the conversation as it is after
 * the change.
 */
final class FreshchatPayloads implements FreshchatConversations.Events {
  private final FreshchatAccount account;
  private final FreshchatWebhooks webhooks;

  FreshchatPayloads(FreshchatAccount account, FreshchatWebhooks webhooks) {
    this.account = account;
    this.webhooks = webhooks;
  }

  @Override
  public void messageCreated(Conversation c, FreshchatMessage m) {
    PayloadVariant variant = account.payloadVariant();
    if (variant == PayloadVariant.LEGACY_2018 && m.isPrivate()) {
      return; // [guess] the 2018 shape cannot tell a private note from a reply, so notes were not sent in it
    }
    Map<String, Object> message = KitJson.object("id", m.id(), "created_time", m.createdTime().toString(),
        "conversation_id", m.conversationId(), "channel_id", m.channelId(), "app_id", FreshchatAccount.APP_ID,
        "user_id", m.userId(), "actor_type", m.actorType(), "actor_id", m.actorId());
    switch (variant) {
      case CURRENT -> {
        message.put("message_type", m.messageType());
        message.put("message_parts", m.parts());
      }
      case LEGACY_2018 -> message.put("msg_parts", legacyParts(m.parts()));
      case V2022 -> {
        message.put("message_parts", m.parts());
        message.put("restrictResponse", false);
        message.put("botsPrivateNote", m.isPrivate());
        message.put("interaction_id", c.id + "-" + c.messages.size());
      }
      default -> throw new IllegalStateException("unknown variant " + variant);
    }
    send(new Actor(m.actorType(), m.actorId()), "message_create", m.createdTime(),
        KitJson.object("message", message));
  }

  @Override
  public void assigned(Actor actor, Conversation c, String fromAgentId, String fromGroupId) {
    send(actor, "conversation_assignment", c.updatedTime, KitJson.object("assignment", KitJson.object(
        "assignor", actor.type(), "assignor_id", actor.id(), "to_agent_id", c.agentId, "to_group_id", c.groupId,
        "from_agent_id", fromAgentId, "from_group_id", fromGroupId, "conversation", conversation(c))));
  }

  @Override
  public void resolved(Actor actor, Conversation c) {
    send(actor, "conversation_resolution", c.updatedTime, KitJson.object("resolve", KitJson.object(
        "resolver", actor.type(), "resolver_id", actor.id(), "conversation", conversation(c))));
  }

  @Override
  public void reopened(Actor actor, Conversation c) {
    send(actor, "conversation_reopen", c.updatedTime, KitJson.object("reopen", KitJson.object(
        "reopener", actor.type(), "reopener_id", actor.id(), "conversation", conversation(c))));
  }

  /** The conversation as the API's {@code GET /conversations/{id}} shows it. */
  static Map<String, Object> conversation(Conversation c) {
    return KitJson.object("conversation_id", c.id, "app_id", FreshchatAccount.APP_ID, "channel_id", c.channelId,
        "status", c.status, "assigned_agent_id", c.agentId, "assigned_group_id", c.groupId,
        "users", c.userIds.stream().map(id -> Map.of("id", id)).toList(), "properties", c.properties,
        "created_time", c.createdTime.toString(), "updated_time", c.updatedTime.toString());
  }

  /** The 2018 parts: {@code {part_type, properties}} ([guess] for images and files: their fields as properties). */
  @SuppressWarnings("unchecked")
  static List<Map<String, Object>> legacyParts(List<Map<String, Object>> parts) {
    List<Map<String, Object>> legacy = new ArrayList<>();
    for (Map<String, Object> part : parts) {
      Map.Entry<String, Object> only = part.entrySet().iterator().next();
      Map<String, Object> fields = (Map<String, Object>) only.getValue();
      Map<String, Object> properties = only.getKey().equals("text")
          ? KitJson.object("text", fields.get("content")) : KitJson.object();
      if (!only.getKey().equals("text")) {
        properties.putAll(fields);
      }
      legacy.add(KitJson.object("part_type", only.getKey(), "properties", properties));
    }
    return legacy;
  }

  private void send(Actor actor, String action, Instant at, Map<String, Object> data) {
    webhooks.send(action, KitJson.write(KitJson.object("actor", KitJson.object("actor_type", actor.type(),
        "actor_id", actor.id()), "action", action, "action_time", at.toString(), "data", data)));
  }
}
