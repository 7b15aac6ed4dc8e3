package io.baton.connector.misc.oracle;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * Version 1: {@code connection}, {@code sessionInformation}, {@code step}, {@code siteName}, {@code apiUrl},
 * {@code pool}, {@code jwt}, {@code sessionId}, {@code engagementId}, {@code clientId}, {@code lastSequence},
 * {@code agents} (a line {@code <clientId>\t<name>} per agent), {@code lastQueued}, {@code transferring}, {@code agentTyping}.
 */
final class OracleLinkCodec implements LinkCodec<OracleEngagement> {
  @Override
  public Map<String, String> encode(OracleEngagement e) {
    return encode(e, e.lastSequence);
  }

  /** The link as it will be once a poll answer up to {@code lastSequence} is recorded. */
  Map<String, String> encode(OracleEngagement e, long lastSequence) {
    synchronized (e) {
      Map<String, String> state = new HashMap<>();
      state.put("connection", e.connection);
      state.put("sessionInformation", e.sessionInformation);
      state.put("step", e.step.name());
      put(state, "siteName", e.siteName);
      put(state, "apiUrl", e.apiUrl);
      put(state, "pool", e.pool);
      put(state, "jwt", e.jwt);
      put(state, "sessionId", e.sessionId);
      put(state, "engagementId", e.engagementId);
      put(state, "clientId", e.clientId);
      state.put("lastSequence", Long.toString(lastSequence));
      StringBuilder agents = new StringBuilder();
      e.agents.forEach((id, name) -> agents.append(id).append('\t').append(name.replace('\n', ' ')).append('\n'));
      if (agents.length() > 0) {
        state.put("agents", agents.toString());
      }
      put(state, "lastQueued", e.lastQueued);
      if (e.transferring) {
        state.put("transferring", "true");
      }
      if (e.agentTyping) {
        state.put("agentTyping", "true");
      }
      return state;
    }
  }

  @Override
  public OracleEngagement decode(int version, Map<String, String> s) {
    OracleEngagement e = new OracleEngagement(LinkCodec.required(s, "connection"),
        LinkCodec.required(s, "sessionInformation"));
    e.step = LinkCodec.oneOf(s, "step", OracleEngagement.Step.NEW);
    e.siteName = s.get("siteName");
    e.apiUrl = s.get("apiUrl");
    e.pool = s.get("pool");
    e.jwt = s.get("jwt");
    e.sessionId = s.get("sessionId");
    e.engagementId = s.get("engagementId");
    if (e.step.compareTo(OracleEngagement.Step.ESTABLISHED) >= 0 && (e.apiUrl == null || e.jwt == null)) {
      throw new IllegalArgumentException("the link's session is established but has no 'apiUrl' or 'jwt'");
    }
    if (e.step.compareTo(OracleEngagement.Step.ENGAGED) >= 0 && e.sessionId == null) {
      throw new IllegalArgumentException("the link's engagement exists but has no 'sessionId'");
    }
    e.clientId = s.get("clientId");
    e.lastSequence = LinkCodec.number(s, "lastSequence", -1);
    for (String line : s.getOrDefault("agents", "").split("\n")) {
      int tab = line.indexOf('\t');
      if (tab > 0) {
        e.agents.put(line.substring(0, tab), line.substring(tab + 1));
      }
    }
    e.lastQueued = s.get("lastQueued");
    e.transferring = Boolean.parseBoolean(s.getOrDefault("transferring", "false"));
    e.agentTyping = Boolean.parseBoolean(s.getOrDefault("agentTyping", "false"));
    return e;
  }

  private static void put(Map<String, String> state, String name, String value) {
    if (value != null) {
      state.put(name, value);
    }
  }
}
