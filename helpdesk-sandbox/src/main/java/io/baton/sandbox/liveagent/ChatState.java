package io.baton.sandbox.liveagent;

import java.util.ArrayList;
import java.util.List;

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
}
