package io.baton.connector.dixa;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/** Version 1: {@code step}, {@code connection}, {@code endUserId}, {@code csid}, {@code agentName}. */
final class DixaLinkCodec implements LinkCodec<DixaChat> {
  @Override
  public Map<String, String> encode(DixaChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("step", chat.step.name());
    state.put("connection", chat.connection);
    if (chat.endUserId != null) {
      state.put("endUserId", chat.endUserId);
    }
    if (chat.csid >= 0) {
      state.put("csid", Long.toString(chat.csid));
    }
    if (chat.agentName != null) {
      state.put("agentName", chat.agentName);
    }
    return state;
  }

  @Override
  public DixaChat decode(int version, Map<String, String> state) {
    DixaChat chat = new DixaChat(LinkCodec.required(state, "connection"));
    try {
      chat.step = DixaChat.Step.valueOf(state.getOrDefault("step", DixaChat.Step.NEW.name()));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("the link's step is not one of Dixa's: " + state.get("step"));
    }
    chat.endUserId = state.get("endUserId");
    chat.csid = LinkCodec.number(state, "csid", -1);
    chat.agentName = state.get("agentName");
    return chat;
  }
}
