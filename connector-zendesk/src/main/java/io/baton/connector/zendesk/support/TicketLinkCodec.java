package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.core.type.TypeReference;
import io.baton.connector.chats.LinkCodec;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** {@link SupportTicket} in a link (version 1); the visitor's pending lines as JSON. */
final class TicketLinkCodec implements LinkCodec<SupportTicket> {
  /** Commands remembered as delivered: more than a router ever repeats. */
  static final int DELIVERED = 200;

  @Override
  public Map<String, String> encode(SupportTicket t) {
    Map<String, String> state = new HashMap<>();
    state.put("connection", t.connection);
    state.put("step", t.step.name());
    put(state, "ticketId", t.ticketId);
    put(state, "requesterId", t.requesterId);
    put(state, "agentId", t.agentId);
    state.put("cursor", Long.toString(t.cursor));
    state.put("lastVisitorComment", Long.toString(t.lastVisitorComment));
    if (t.adopted) {
      state.put("adopted", "true");
    }
    if (t.agentName != null) {
      state.put("agentName", t.agentName);
      state.put("assigned", Boolean.toString(t.assigned));
    }
    synchronized (t) {
      try {
        if (!t.pending.isEmpty()) {
          state.put("pending", SupportClient.JSON.writeValueAsString(t.pending));
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (!t.delivered.isEmpty()) {
        state.put("delivered", String.join("\n", t.delivered));
      }
      if (!t.updates.isEmpty()) {
        state.put("updates", String.join(",", t.updates.stream().map(String::valueOf).toList()));
      }
    }
    return state;
  }

  private static void put(Map<String, String> state, String name, long value) {
    if (value >= 0) {
      state.put(name, Long.toString(value));
    }
  }

  @Override
  public SupportTicket decode(int version, Map<String, String> state) {
    SupportTicket t = new SupportTicket(LinkCodec.required(state, "connection"));
    t.step = LinkCodec.oneOf(state, "step", SupportTicket.Step.NEW);
    t.ticketId = LinkCodec.number(state, "ticketId", -1);
    t.requesterId = LinkCodec.number(state, "requesterId", -1);
    t.agentId = LinkCodec.number(state, "agentId", -1);
    t.cursor = LinkCodec.number(state, "cursor", 0);
    t.lastVisitorComment = LinkCodec.number(state, "lastVisitorComment", 0);
    t.adopted = "true".equals(state.get("adopted"));
    t.agentName = state.get("agentName");
    t.assigned = "true".equals(state.get("assigned"));
    String pending = state.get("pending");
    if (pending != null) {
      try {
        t.pending.addAll(SupportClient.JSON.readValue(pending, new TypeReference<List<SupportTicket.Line>>() {}));
      } catch (IOException e) {
        throw new IllegalArgumentException("the link's pending lines cannot be read: " + e.getMessage());
      }
      // A batch may have gone out just before the restart: look for it before sending it again.
      t.uncertain = true;
    }
    String delivered = state.get("delivered");
    if (delivered != null && !delivered.isEmpty()) {
      t.delivered.addAll(List.of(delivered.split("\n")));
    }
    String updates = state.get("updates");
    if (updates != null && !updates.isEmpty()) {
      for (String u : updates.split(",")) {
        t.updates.add(LinkCodec.number(Map.of("u", u), "u", 0));
      }
    }
    return t;
  }
}
