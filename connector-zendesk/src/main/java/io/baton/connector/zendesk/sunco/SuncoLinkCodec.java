package io.baton.connector.zendesk.sunco;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code step}, {@code connection}, {@code inConversation}, {@code userId}, {@code conversationId},
 * {@code firstMessageId}, {@code groupId}, {@code agentName}, {@code agentJoined}.
 */
final class SuncoLinkCodec implements LinkCodec<SuncoChat> {
  @Override
  public Map<String, String> encode(SuncoChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("step", chat.step.name());
    state.put("connection", chat.connection);
    if (chat.inConversation) {
      state.put("inConversation", "true");
    }
    put(state, "userId", chat.userId);
    put(state, "conversationId", chat.conversationId);
    put(state, "firstMessageId", chat.firstMessageId);
    put(state, "groupId", chat.groupId);
    put(state, "agentName", chat.agentName);
    if (chat.agentJoined) {
      state.put("agentJoined", "true");
    }
    return state;
  }

  private static void put(Map<String, String> state, String key, String value) {
    if (value != null) {
      state.put(key, value);
    }
  }

  @Override
  public SuncoChat decode(int version, Map<String, String> state) {
    SuncoChat chat = new SuncoChat(LinkCodec.required(state, "connection"));
    chat.step = LinkCodec.oneOf(state, "step", SuncoChat.Step.NEW);
    chat.inConversation = "true".equals(state.get("inConversation"));
    chat.userId = state.get("userId");
    chat.conversationId = state.get("conversationId");
    chat.firstMessageId = state.get("firstMessageId");
    chat.groupId = state.get("groupId");
    chat.agentName = state.get("agentName");
    chat.agentJoined = "true".equals(state.get("agentJoined"));
    chat.resumed = true;
    return chat;
  }
}
