package io.baton.connector.misc.freshchat;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code connection}, {@code step}, {@code userId}, {@code conversationId}, {@code openingUserMessages},
 * {@code lastMessageId}, {@code agentId}, {@code agentName}.
 */
final class FreshchatLinkCodec implements LinkCodec<FreshchatChat> {
  @Override
  public Map<String, String> encode(FreshchatChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("connection", chat.connection);
    state.put("step", chat.step.name());
    put(state, "userId", chat.userId);
    put(state, "conversationId", chat.conversationId);
    if (chat.openingUserMessages > 0) {
      state.put("openingUserMessages", Integer.toString(chat.openingUserMessages));
    }
    put(state, "lastMessageId", chat.lastMessageId);
    put(state, "agentId", chat.agentId);
    put(state, "agentName", chat.agentName);
    return state;
  }

  @Override
  public FreshchatChat decode(int version, Map<String, String> state) {
    FreshchatChat chat = new FreshchatChat(LinkCodec.required(state, "connection"));
    chat.step = LinkCodec.oneOf(state, "step", FreshchatChat.Step.NEW);
    chat.userId = state.get("userId");
    chat.conversationId = state.get("conversationId");
    if (chat.step == FreshchatChat.Step.LIVE && chat.conversationId == null) {
      throw new IllegalArgumentException("the link's chat is live but has no 'conversationId'");
    }
    chat.openingUserMessages = (int) LinkCodec.number(state, "openingUserMessages", 0);
    chat.lastMessageId = state.get("lastMessageId");
    chat.agentId = state.get("agentId");
    chat.agentName = state.get("agentName");
    chat.unsure = true;
    return chat;
  }

  private static void put(Map<String, String> state, String name, String value) {
    if (value != null) {
      state.put(name, value);
    }
  }
}
