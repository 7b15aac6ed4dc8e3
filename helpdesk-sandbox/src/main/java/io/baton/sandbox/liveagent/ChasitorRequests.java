package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * POST Chasitor/{action}: what the visitor sends on its session (ChasitorInit, messages, typing, sneak peek, custom
 * events, ChatEnd), with the duplicate-sequence check. Called with the simulator's lock held.
 */
final class ChasitorRequests {
  private static final Logger log = LoggerFactory.getLogger(LiveAgentSimulator.class);

  private final ChasitorSessions sessions;
  private final ButtonQueues queues;
  private final List<Consumer<LiveAgentChat>> chatRequestWatchers;

  ChasitorRequests(ChasitorSessions sessions, ButtonQueues queues,
      List<Consumer<LiveAgentChat>> chatRequestWatchers) {
    this.sessions = sessions;
    this.queues = queues;
    this.chatRequestWatchers = chatRequestWatchers;
  }

  /** The caller checked the required headers are present and well formed. */
  ChasitorResponse post(String key, String affinity, long sequence, ChasitorAction action, String body,
      List<Runnable> deliveries) {
    if (sessions.moved(key, affinity)) {
      return ChasitorResponse.affinityChanged();
    }
    ChasitorSession session = sessions.session(key, affinity);
    if (session == null) {
      return ChasitorResponse.sessionInvalid();
    }
    if (action == ChasitorAction.CHASITOR_RESYNC_STATE) {
      return resyncState(session, body);
    }
    if (session.lastSequence != ChasitorSession.NO_SEQUENCE && sequence <= session.lastSequence) {
      // The documented purpose of X-LIVEAGENT-SEQUENCE: the server drops a resent request (answered, not applied).
      return dropped(session, action, "sequence " + sequence + " is not above " + session.lastSequence);
    }
    if (session.sessionDataPending) {
      // Documented: after a 503 nothing is to be sent until ChasitorSessionData is processed [the real server's
      // answer to one that is is not documented; the sandbox answers 200 and drops it, so a client that does not
      // wait loses the request, visibly in the transcript].
      return dropped(session, action, "sent before ChasitorSessionData was delivered after ReconnectSession");
    }
    if (action == ChasitorAction.CHASITOR_INIT) {
      return chasitorInit(session, sequence, body, deliveries);
    }
    ChatState chat = session.chat;
    if (chat == null) {
      return ChasitorResponse.error(500, "ChasitorInit must be the first request of a session");
    }
    if (!chat.isOpen()) {
      return ChasitorResponse.sessionInvalid();
    }
    if (!session.requestSuccessDelivered) {
      return ChasitorResponse.error(500, "The chat request has not succeeded yet (no ChatRequestSuccess delivered)");
    }
    JsonNode json = Json.parseOrNull(body);
    switch (action) {
      case CHAT_MESSAGE -> {
        if (json == null || !json.isObject() || !json.path("text").isTextual()) {
          return ChasitorResponse.badRequest("ChatMessage body must be {\"text\": string}");
        }
        // Before an agent accepts, Salesforce queues the message for the agent: keep it in the transcript.
        chat.transcript.add(new TranscriptLine(TranscriptLine.VISITOR, json.get("text").asText(), Instant.now()));
      }
      case CHASITOR_TYPING -> chat.visitorTyping = true;
      case CHASITOR_NOT_TYPING -> chat.visitorTyping = false;
      case CHASITOR_SNEAK_PEEK -> {
        if (json == null || !json.isObject()) {
          return ChasitorResponse.badRequest("ChasitorSneakPeek body must be {\"position\": number, \"text\": string}");
        }
        // Sneak peek is off in ChatEstablished (sneakPeekEnabled=false), so the preview is not shown.
      }
      case CUSTOM_EVENT -> {
        if (json == null || !json.isObject() || !json.path("type").isTextual()) {
          return ChasitorResponse.badRequest("CustomEvent body must be {\"type\": string, \"data\": string}");
        }
        // Accepted and dropped: the simulated agent console has no custom event handlers.
      }
      case CHAT_END -> {
        if (json == null || !json.isObject() || !json.path("reason").isTextual()
            || json.get("reason").asText().isBlank()) {
          return ChasitorResponse.badRequest("ChatEnd body must be {\"reason\": \"client\"}");
        }
        session.lastSequence = sequence;
        queues.end(chat, LiveAgentChat.ENDED_BY_VISITOR, deliveries);
        sessions.close(session, ChasitorResponse.sessionInvalid(), deliveries);
        log.info("Live Agent chat {} ended by the visitor", session.id);
        return ChasitorResponse.ok();
      }
      default -> throw new IllegalStateException("unhandled action " + action);
    }
    session.lastSequence = sequence;
    return ChasitorResponse.ok();
  }

  private ChasitorResponse dropped(ChasitorSession session, ChasitorAction action, String why) {
    session.dropped++;
    log.info("Live Agent session {}: {} dropped: {}", session.id, action.path, why);
    return ChasitorResponse.ok();
  }

  /**
   * POST Chasitor/ChasitorResyncState {organizationId}: documented for after a completed ReconnectSession, with no
   * sequence header. Before any ReconnectSession, or without the chat's organizationId, it is a 400 [guess].
   */
  private ChasitorResponse resyncState(ChasitorSession session, String body) {
    JsonNode json = Json.parseOrNull(body);
    if (json == null || !json.isObject() || !json.path("organizationId").isTextual()) {
      return ChasitorResponse.badRequest("ChasitorResyncState body must be {\"organizationId\": string}");
    }
    if (session.chat == null) {
      return ChasitorResponse.error(500, "ChasitorInit must be the first request of a session");
    }
    if (!json.get("organizationId").asText().equals(session.chat.request.organizationId())) {
      return ChasitorResponse.badRequest("organizationId is not the chat's organization");
    }
    if (!session.reconnected) {
      return ChasitorResponse.badRequest("ChasitorResyncState follows a ReconnectSession; there was none");
    }
    session.resyncs++;
    return ChasitorResponse.ok();
  }

  private ChasitorResponse chasitorInit(ChasitorSession session, long sequence, String body,
      List<Runnable> deliveries) {
    if (session.chat != null) {
      return ChasitorResponse.error(500, "ChasitorInit was already sent on this session");
    }
    ChasitorInitRequest request;
    try {
      request = ChasitorInitRequest.parse(body);
    } catch (ChasitorInitRequest.InvalidRequest e) {
      return ChasitorResponse.badRequest(e.getMessage());
    }
    if (!request.sessionId().equals(session.id)) {
      return ChasitorResponse.badRequest("sessionId does not match the session of X-LIVEAGENT-SESSION-KEY");
    }
    session.lastSequence = sequence;
    ChatState chat = queues.request(session, request, deliveries);
    if (chat.status == ChatStatus.QUEUED && !chatRequestWatchers.isEmpty()) {
      LiveAgentChat queued = chat.snapshot();
      deliveries.add(() -> chatRequestWatchers.forEach(w -> w.accept(queued)));
    }
    return ChasitorResponse.ok();
  }
}
