package io.baton.sandbox.liveagent;

import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.DeskStatus;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The mutable state of one chat; guarded by the simulator's lock, published only as {@link LiveAgentChat}. */
final class ChatState {
  final ChasitorSession session;
  final ChasitorInitRequest request;
  /** Order of arrival in the button's queue (lower is earlier). */
  final long queueTicket;
  ChatStatus status = ChatStatus.QUEUED;
  String agentName;
  int queuePosition;
  final List<TranscriptLine> transcript = new ArrayList<>();
  boolean visitorTyping;
  String endedBy;
  /** Since when it waits in the queue (set again when the agent disconnects). */
  Instant queuedAt = Instant.now();

  ChatState(ChasitorSession session, ChasitorInitRequest request, long queueTicket) {
    this.session = session;
    this.request = request;
    this.queueTicket = queueTicket;
  }

  boolean isOpen() { return status != ChatStatus.ENDED; }

  LiveAgentChat snapshot() {
    return new LiveAgentChat(session.id, status, request.organizationId(), request.deploymentId(),
        request.buttonId(), request.visitorName(), request.language(), request.userAgent(),
        request.screenResolution(), agentName, queuePosition, request.prechatDetails(),
        request.prechatEntities(), transcript, visitorTyping, endedBy);
  }

  /** The chat as every platform's agent desk shows it. */
  DeskChat deskChat() {
    Map<String, String> context = new LinkedHashMap<>();
    if (request.visitorName() != null && !request.visitorName().isBlank()) {
      context.put("Visitor name", request.visitorName());
    }
    for (Map<String, Object> detail : request.prechatDetails()) {
      Object label = detail.get("label");
      Object value = detail.get("value");
      if (label != null && !label.toString().isBlank()) {
        context.put(label.toString(), value == null ? "" : value.toString());
      }
    }
    if (request.language() != null && !request.language().isBlank()) {
      context.put("Language", request.language());
    }
    DeskStatus deskStatus = switch (status) {
      case QUEUED -> DeskStatus.QUEUED;
      case ESTABLISHED -> DeskStatus.ACTIVE;
      case ENDED -> DeskStatus.ENDED;
    };
    return new DeskChat(LiveAgentSimulator.NAME, session.id, deskStatus,
        status == ChatStatus.QUEUED ? queuedAt : null, agentName, request.visitorName(), context,
        transcript.stream().map(l -> new DeskLine(l.from(), l.text(), l.at())).toList());
  }
}
