package io.baton.connector.salesforce.liveagent;

import io.baton.connector.chats.LinkCodec;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/**
 * A Live Agent session in its link. Version 1 is the map the connector wrote before links had versions: restUrl,
 * org, sessionId, key, affinity, clientPollTimeoutMs, sequence, sent (a line {@code <commandId>\t<sequence>} per
 * command), ack, offset, established, accepted. Version 2 adds agentName (the agent who joined last) and
 * queueUpdates (the handover asked for QueueUpdate). Version 3 adds fileToken and uploadServletUrl (the agent's open
 * FileTransfer request) and awaitingSessionData (a ReconnectSession was answered, its ChasitorSessionData not read yet:
 * a resumed chat sends nothing before it).
 */
final class LiveAgentLinkCodec implements LinkCodec<LiveAgentSession> {
  @Override
  public int version() {
    return 3;
  }

  @Override
  public Map<String, String> encode(LiveAgentSession session) {
    return encode(session, session.ack, session.offset);
  }

  /** The link as it will be once a poll answer with {@code ack} and {@code offset} is recorded. */
  Map<String, String> encode(LiveAgentSession session, long ack, long offset) {
    synchronized (session) {
      Map<String, String> state = new HashMap<>();
      state.put("restUrl", session.restUrl);
      state.put("org", session.org);
      state.put("sessionId", session.sessionId);
      state.put("key", session.key);
      state.put("affinity", session.affinity);
      state.put("clientPollTimeoutMs", Long.toString(session.clientPollTimeout.toMillis()));
      state.put("sequence", Long.toString(session.sequence));
      state.put("sent", session.sentHistory());
      state.put("ack", Long.toString(ack));
      state.put("offset", Long.toString(offset));
      state.put("established", Boolean.toString(session.established));
      state.put("accepted", Boolean.toString(session.requestAccepted.isDone()));
      state.put("queueUpdates", Boolean.toString(session.queueUpdates));
      if (session.awaitingSessionData()) {
        state.put("awaitingSessionData", "true");
      }
      if (session.fileToken != null && session.uploadServletUrl != null) {
        state.put("fileToken", session.fileToken);
        state.put("uploadServletUrl", session.uploadServletUrl);
      }
      if (session.agentName != null) {
        state.put("agentName", session.agentName);
      }
      return state;
    }
  }

  @Override
  public LiveAgentSession decode(int version, Map<String, String> s) {
    LiveAgentSession session = new LiveAgentSession(LinkCodec.required(s, "restUrl"), s.getOrDefault("org", ""),
        LinkCodec.required(s, "sessionId"), LinkCodec.required(s, "key"), LinkCodec.required(s, "affinity"),
        Duration.ofMillis(LinkCodec.number(s, "clientPollTimeoutMs", 40_000)));
    session.sequence = LinkCodec.number(s, "sequence", 0);
    try {
      session.restoreSent(s.getOrDefault("sent", ""));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("the link's 'sent' has a sequence that is not a number");
    }
    session.ack = LinkCodec.number(s, "ack", -1);
    session.offset = LinkCodec.number(s, "offset", 0);
    session.established = Boolean.parseBoolean(s.getOrDefault("established", "false"));
    session.agentName = version >= 2 ? s.get("agentName") : null;
    session.queueUpdates = version < 2 || Boolean.parseBoolean(s.getOrDefault("queueUpdates", "true"));
    if (version >= 3 && Boolean.parseBoolean(s.getOrDefault("awaitingSessionData", "false"))) {
      session.resumeAwaitingSessionData(session.clientPollTimeout);
    }
    if (version >= 3) {
      session.fileToken = s.get("fileToken");
      session.uploadServletUrl = s.get("uploadServletUrl");
    }
    if (Boolean.parseBoolean(s.getOrDefault("accepted", "false"))) {
      session.requestAccepted.complete(null);
    }
    return session;
  }
}
