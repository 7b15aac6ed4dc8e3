package io.baton.analytics.report;

import io.baton.events.EndedBy;
import io.baton.events.HandoverFacts;
import java.util.Collection;

/**
 * How far a set of handovers got: each is requested; reached the queue (the helpdesk reported it queued, or an agent
 * joined); had an agent join; and has one outcome: ended by the agent, by the visitor, otherwise (after an agent
 * joined: an inactivity timeout, or the bot), abandoned in the queue, failed, or still open.
 */
public record HandoverFunnel(int requested, int queued, int agentJoined, int endedByAgent, int endedByVisitor,
    int endedOtherwise, int abandoned, int failed, int open) {

  public static HandoverFunnel of(Collection<HandoverFacts> handovers) {
    int queued = 0;
    int joined = 0;
    int byAgent = 0;
    int byVisitor = 0;
    int otherwise = 0;
    int abandoned = 0;
    int failed = 0;
    int open = 0;
    for (HandoverFacts h : handovers) {
      if (h.getAgentJoinedAt() != null) {
        joined++;
      }
      if (h.getQueuedAt() != null || h.getAgentJoinedAt() != null) {
        queued++;
      }
      if (h.getEndedAt() == null) {
        open++;
      } else if (h.getFailureReason() != null || h.getEndedBy() == EndedBy.failure) {
        failed++;
      } else if (h.getAbandonedInQueue()) {
        abandoned++;
      } else if (h.getEndedBy() == EndedBy.agent) {
        byAgent++;
      } else if (h.getEndedBy() == EndedBy.visitor) {
        byVisitor++;
      } else {
        otherwise++;
      }
    }
    return new HandoverFunnel(handovers.size(), queued, joined, byAgent, byVisitor, otherwise, abandoned, failed,
        open);
  }
}
