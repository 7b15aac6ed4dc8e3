package io.baton.connector.chat2desk.handover;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code connection}, {@code external}, {@code step}, {@code clientId}, {@code dialogId},
 * {@code lastMessageId}, {@code chosenOperatorId}, {@code chosenGroupId}, {@code operatorId}, {@code operatorName}.
 */
final class Chat2DeskLinkCodec implements LinkCodec<Chat2DeskChat> {
  @Override
  public Map<String, String> encode(Chat2DeskChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("connection", chat.connection);
    state.put("external", Boolean.toString(chat.external));
    state.put("step", chat.step.name());
    put(state, "clientId", chat.clientId);
    put(state, "dialogId", chat.dialogId);
    put(state, "lastMessageId", chat.lastMessageId);
    put(state, "chosenOperatorId", chat.chosenOperatorId);
    put(state, "chosenGroupId", chat.chosenGroupId);
    put(state, "operatorId", chat.operatorId);
    put(state, "operatorName", chat.operatorName);
    return state;
  }

  private static void put(Map<String, String> state, String key, String value) {
    if (value != null) {
      state.put(key, value);
    }
  }

  @Override
  public Chat2DeskChat decode(int version, Map<String, String> state) {
    String external = LinkCodec.required(state, "external");
    if (!external.equals("true") && !external.equals("false")) {
      throw new IllegalArgumentException("the link's 'external' is not true or false: " + external);
    }
    Chat2DeskChat chat = new Chat2DeskChat(LinkCodec.required(state, "connection"), external.equals("true"));
    chat.step = LinkCodec.oneOf(state, "step", Chat2DeskChat.Step.NEW);
    chat.clientId = state.get("clientId");
    chat.dialogId = state.get("dialogId");
    chat.lastMessageId = state.get("lastMessageId");
    chat.chosenOperatorId = state.get("chosenOperatorId");
    chat.chosenGroupId = state.get("chosenGroupId");
    chat.operatorId = state.get("operatorId");
    chat.operatorName = state.get("operatorName");
    if (chat.step.compareTo(Chat2DeskChat.Step.DIALOG) >= 0 && (chat.clientId == null || chat.dialogId == null)) {
      throw new IllegalArgumentException("the link is at step " + chat.step + " without a client and dialog");
    }
    return chat;
  }
}
