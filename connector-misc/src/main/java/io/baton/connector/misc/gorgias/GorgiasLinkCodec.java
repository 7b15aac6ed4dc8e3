package io.baton.connector.misc.gorgias;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code connection}, {@code step}, {@code customerId}, {@code ticketId}, {@code cursor}, {@code agentId},
 * {@code agentName}, {@code assignments}.
 */
final class GorgiasLinkCodec implements LinkCodec<GorgiasChat> {
  @Override
  public Map<String, String> encode(GorgiasChat chat) {
    Map<String, String> state = new HashMap<>();
    state.put("connection", chat.connection);
    state.put("step", chat.step.name());
    put(state, "customerId", chat.customerId);
    put(state, "ticketId", chat.ticketId);
    state.put("cursor", Long.toString(chat.cursor));
    put(state, "agentId", chat.agentId);
    put(state, "agentName", chat.agentName);
    state.put("assignments", Integer.toString(chat.assignments));
    return state;
  }

  @Override
  public GorgiasChat decode(int version, Map<String, String> state) {
    GorgiasChat chat = new GorgiasChat(LinkCodec.required(state, "connection"));
    chat.step = LinkCodec.oneOf(state, "step", GorgiasChat.Step.NEW);
    chat.customerId = state.get("customerId");
    chat.ticketId = state.get("ticketId");
    if ((chat.step == GorgiasChat.Step.TICKET || chat.step == GorgiasChat.Step.LIVE) && chat.ticketId == null) {
      throw new IllegalArgumentException("the link's chat has a ticket step but no 'ticketId'");
    }
    chat.cursor = LinkCodec.number(state, "cursor", 0);
    chat.agentId = state.get("agentId");
    chat.agentName = state.get("agentName");
    chat.assignments = (int) LinkCodec.number(state, "assignments", 0);
    chat.unsure = true;
    return chat;
  }

  private static void put(Map<String, String> state, String name, String value) {
    if (value != null) {
      state.put(name, value);
    }
  }
}
