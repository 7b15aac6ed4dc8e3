package io.baton.analytics;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ConversationEvent;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFacts;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverStarted;
import io.baton.events.VisitorMessage;

/**
 * What one event of the conversation log does to the facts of the handover it belongs to. A function of the facts so
 * far and the event only (its times are the log's), so the analytics stream is deterministic.
 */
final class HandoverProgress {
  /**
   * @param facts the handover's facts after the event
   * @param milestone whether the event passed a milestone (the facts are then written out)
   * @param over whether the handover is over (its facts are final)
   */
  record Step(HandoverFacts facts, boolean milestone, boolean over) {}

  private HandoverProgress() {}

  /**
   * The step {@code event} makes, given the facts of the conversation's live handover ({@code live}, null when there
   * is none); null when the event concerns no handover Baton knows the start of.
   */
  static Step apply(HandoverFacts live, ConversationEvent event) {
    Object body = event.getBody();
    if (body instanceof HandoverStarted started) {
      return new Step(HandoverFacts.newBuilder().setHandoverId(event.getHandoverId()).setTenant(event.getTenant())
          .setConversationId(event.getConversationId()).setPlatform(started.getPlatform())
          .setConnectionId(started.getConnectionId()).setRequestedAt(event.getOccurredAt())
          .setLogSequence(event.getSequence()).build(), true, false);
    }
    if (body instanceof HandoverFailed failed && event.getHandoverId() == null) {
      // Failed before it started (no running connector, outside business hours): the request's id is the cause, and
      // the log names no platform for it.
      return new Step(HandoverFacts.newBuilder().setHandoverId(event.getCausationId()).setTenant(event.getTenant())
          .setConversationId(event.getConversationId()).setRequestedAt(event.getOccurredAt())
          .setEndedAt(event.getOccurredAt()).setEndedBy(EndedBy.failure).setEndReason(failed.getReason())
          .setFailureReason(failed.getReason()).setLogSequence(event.getSequence()).build(), true, true);
    }
    if (live == null || !live.getHandoverId().equals(event.getHandoverId())) {
      return null;
    }
    HandoverFacts.Builder facts = HandoverFacts.newBuilder(live).setLogSequence(event.getSequence());
    boolean milestone = false;
    boolean over = false;
    if (body instanceof ChatQueued queued && live.getQueuedAt() == null) {
      facts.setQueuedAt(event.getOccurredAt()).setQueuePosition(queued.getPosition());
      milestone = true;
    } else if (body instanceof AgentJoined joined && live.getAgentJoinedAt() == null) {
      facts.setAgentJoinedAt(event.getOccurredAt()).setAgentName(joined.getAgentName());
      milestone = true;
    } else if (body instanceof ChatTransferred transferred && live.getAgentJoinedAt() == null) {
      // a chat transferred straight to an agent is served by them, as the router sees it
      facts.setAgentJoinedAt(event.getOccurredAt()).setAgentName(transferred.getAgentName());
      milestone = true;
    } else if (body instanceof AgentMessage) {
      facts.setAgentMessages(live.getAgentMessages() + 1);
      if (live.getFirstAgentReplyAt() == null) {
        facts.setFirstAgentReplyAt(event.getOccurredAt());
        milestone = true;
      }
    } else if (body instanceof VisitorMessage) {
      facts.setVisitorMessages(live.getVisitorMessages() + 1);
    } else if (body instanceof ChatEnded ended) {
      EndedBy by = ended.getEndedBy();
      facts.setEndedAt(event.getOccurredAt()).setEndedBy(by).setEndReason(ended.getReason())
          .setAbandonedInQueue(live.getAgentJoinedAt() == null && (by == EndedBy.visitor || by == EndedBy.timeout));
      if (by == EndedBy.failure) {
        facts.setFailureReason(ended.getReason() == null ? "the helpdesk ended the chat as failed" : ended.getReason());
      }
      milestone = over = true;
    } else if (body instanceof HandoverFailed failed) {
      facts.setEndedAt(event.getOccurredAt()).setEndedBy(EndedBy.failure).setEndReason(failed.getReason())
          .setFailureReason(failed.getReason());
      milestone = over = true;
    }
    return new Step(facts.build(), milestone, over);
  }
}
