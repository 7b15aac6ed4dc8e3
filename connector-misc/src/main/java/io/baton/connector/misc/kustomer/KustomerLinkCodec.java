package io.baton.connector.misc.kustomer;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code step}, {@code connection}, {@code customerId}, {@code conversationId}, {@code cursor}, {@code cursorAt},
 * {@code agentId}, {@code agentName}, {@code assignedAt}.
 */
final class KustomerLinkCodec implements LinkCodec<KustomerChat> {
  @Override
  public Map<String, String> encode(KustomerChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("step", chat.step.name());
    state.put("connection", chat.connection);
    put(state, "customerId", chat.customerId);
    put(state, "conversationId", chat.conversationId);
    put(state, "cursor", chat.cursor);
    put(state, "cursorAt", chat.cursorAt);
    put(state, "agentId", chat.agentId);
    put(state, "agentName", chat.agentName);
    put(state, "assignedAt", chat.assignedAt);
    return state;
  }

  private static void put(Map<String, String> state, String name, String value) {
    if (value != null) {
      state.put(name, value);
    }
  }

  @Override
  public KustomerChat decode(int version, Map<String, String> state) {
    KustomerChat chat = new KustomerChat(LinkCodec.required(state, "connection"));
    chat.step = LinkCodec.oneOf(state, "step", KustomerChat.Step.NEW);
    chat.customerId = state.get("customerId");
    chat.conversationId = state.get("conversationId");
    if (chat.step.compareTo(KustomerChat.Step.SESSION) >= 0 && chat.conversationId == null) {
      throw new IllegalArgumentException("the link is past the session step without a 'conversationId'");
    }
    chat.cursor = state.get("cursor");
    chat.cursorAt = state.get("cursorAt");
    chat.agentId = state.get("agentId");
    chat.agentName = state.get("agentName");
    chat.assignedAt = state.get("assignedAt");
    chat.resumed = true;
    return chat;
  }
}
