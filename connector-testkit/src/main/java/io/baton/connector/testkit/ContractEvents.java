package io.baton.connector.testkit;

import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import java.util.ArrayList;
import java.util.List;

/** Agent events as the contract compares them: without what differs by platform. */
public final class ContractEvents {
  private ContractEvents() {}

  /**
   * An agent event with what differs by platform left out: queue position and wait, agent ids, the reasons of an end
   * or a failure. Types, agent names, texts, attachments and who ended stay.
   */
  public static Object normal(Object event) {
    if (event instanceof ChatQueued) {
      return queued();
    } else if (event instanceof AgentJoined j) {
      return joined(j.getAgentName());
    } else if (event instanceof ChatTransferred t) {
      return transferred(t.getAgentName());
    } else if (event instanceof ChatEnded e) {
      return ended(e.getEndedBy());
    } else if (event instanceof HandoverFailed) {
      return failed();
    }
    return event;
  }

  /**
   * Agent events as written, {@link #normal(Object) normalised}; a ChatQueued right after another with another
   * position or wait is that queue's update (Live Agent and MIAW tell the visitor as they move up), not a second one,
   * and is left out. The same ChatQueued twice stays: that is a double.
   */
  public static List<Object> normal(List<Object> events) {
    List<Object> normal = new ArrayList<>();
    Object previous = null;
    for (Object event : events) {
      boolean update = event instanceof ChatQueued q && previous instanceof ChatQueued p
          && !(java.util.Objects.equals(q.getPosition(), p.getPosition())
              && java.util.Objects.equals(q.getEstimatedWaitSeconds(), p.getEstimatedWaitSeconds()));
      if (!update) {
        normal.add(normal(event));
      }
      previous = event;
    }
    return normal;
  }

  public static ChatQueued queued() {
    return new ChatQueued(null, null);
  }

  public static AgentJoined joined(String agent) {
    return new AgentJoined(agent, null);
  }

  public static AgentMessage said(String agent, String text) {
    return new AgentMessage(text, agent, List.of());
  }

  public static AgentTyping typing(boolean typing) {
    return new AgentTyping(typing);
  }

  public static AgentLeft left(String agent) {
    return new AgentLeft(agent);
  }

  public static ChatTransferred transferred(String agent) {
    return new ChatTransferred(agent, null);
  }

  public static ChatEnded ended(EndedBy by) {
    return new ChatEnded(by, null);
  }

  public static HandoverFailed failed() {
    return new HandoverFailed("");
  }
}
