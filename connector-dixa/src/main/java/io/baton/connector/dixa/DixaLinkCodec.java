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
    chat.step = LinkCodec.oneOf(state, "step", DixaChat.Step.NEW);
    chat.endUserId = state.get("endUserId");
    chat.csid = LinkCodec.number(state, "csid", -1);
    chat.agentName = state.get("agentName");
    return chat;
  }
}
