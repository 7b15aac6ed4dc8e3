package io.baton.router.meters;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.SendVisitorMessage;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The router's meters, counted from the records it produces (so one handover is counted once however the inputs came):
 * handovers by platform and outcome, why they failed and who ended them, time from handover to agent joined and the
 * queue wait (event time, from the records' timestamps), and messages relayed each way. Side effects only: nothing
 * here changes what the router writes. The start and queue times of live handovers are kept in memory (bounded), so a
 * handover live across a router restart has no time to agent (its outcome counts all the same). A record written in
 * a transaction that aborts and is written again counts twice: rare, and meters are no ledger.
 */
public final class HandoverMeters {
  /**
   * Live handovers whose start is remembered, per switchboard (one per Streams task, i.e. per input partition); beyond
   * it the oldest are forgotten (their times are not recorded, their outcomes are).
   */
  static final int LIVE_HANDOVERS = 10_000;
  private static final String SERVICE = "router";

  private final MeterRegistry registry;
  private final Map<String, Long> startedAt = bounded();
  private final Map<String, Long> queuedAt = bounded();

  public HandoverMeters(MeterRegistry registry) {
    this.registry = registry;
  }

  /** A conversation-log event the router wrote. */
  public void logged(ConversationEvent event, long timestamp) {
    Object body = event.getBody();
    String platform = event.getPlatform() == null ? "none" : event.getPlatform().name();
    String handover = event.getHandoverId();
    if (body instanceof HandoverStarted started) {
      platform = started.getPlatform().name();
      outcome(platform, "requested");
      remember(startedAt, handover, timestamp);
    } else if (body instanceof HandoverRejected) {
      outcome(platform, "rejected");
    } else if (body instanceof ChatQueued) {
      if (handover != null && !queuedAt.containsKey(handover)) { // a position update is no second queueing
        outcome(platform, "queued");
        remember(queuedAt, handover, timestamp);
      }
    } else if (body instanceof AgentJoined) {
      outcome(platform, "agent_joined");
      joined(platform, handover, timestamp);
    } else if (body instanceof HandoverFailed failed) {
      outcome(platform, "failed");
      counter("baton.handovers.failed", "Handovers that failed, by why", "platform", platform, "reason",
          failureClass(event, failed)).increment();
      forget(handover);
    } else if (body instanceof ChatEnded ended) {
      outcome(platform, "ended");
      counter("baton.handovers.ended", "Handovers ended, by whom", "platform", platform, "ended_by",
          ended.getEndedBy().name()).increment();
      forget(handover);
    } else if (body instanceof AgentMessage) {
      relayed(platform, "agent_to_visitor");
    }
  }

  /** A command the router wrote to a connector. */
  public void commanded(ConnectorCommand command) {
    if (command.getBody() instanceof SendVisitorMessage) {
      relayed(command.getPlatform().name(), "visitor_to_agent");
    }
  }

  /**
   * Why a handover failed, as a small set an operator can alert on: refused by the platform's connector, no connector
   * running for the platform, or outside the connection's business hours.
   */
  static String failureClass(ConversationEvent event, HandoverFailed failed) {
    if (event.getController() == Controller.agent) {
      return "platform"; // the handover was live: its connector reported the failure
    }
    return failed.getReason().startsWith("outside business hours") ? "outside_hours" : "no_connector";
  }

  private void joined(String platform, String handover, long timestamp) {
    Long started = handover == null ? null : startedAt.remove(handover);
    if (started != null) {
      timer("baton.handover.time.to.agent", "From the handover's start to an agent joining", platform)
          .record(Duration.ofMillis(Math.max(0, timestamp - started)));
    }
    Long queued = handover == null ? null : queuedAt.remove(handover);
    if (queued != null) {
      timer("baton.handover.queue.wait", "From the chat's queueing to an agent joining", platform)
          .record(Duration.ofMillis(Math.max(0, timestamp - queued)));
    }
  }

  private void outcome(String platform, String outcome) {
    counter("baton.handovers", "Handovers by platform and outcome", "platform", platform, "outcome", outcome)
        .increment();
  }

  private void relayed(String platform, String direction) {
    counter("baton.messages.relayed", "Messages relayed between visitor and agent", "platform", platform,
        "direction", direction).increment();
  }

  private Counter counter(String name, String description, String k1, String v1, String k2, String v2) {
    return Counter.builder(name).description(description).tags("service", SERVICE, k1, v1, k2, v2)
        .register(registry);
  }

  private Timer timer(String name, String description, String platform) {
    return Timer.builder(name).description(description).tags("service", SERVICE, "platform", platform)
        .publishPercentileHistogram().minimumExpectedValue(Duration.ofMillis(100))
        .maximumExpectedValue(Duration.ofHours(2)).register(registry);
  }

  private void forget(String handover) {
    if (handover != null) {
      startedAt.remove(handover);
      queuedAt.remove(handover);
    }
  }

  private static void remember(Map<String, Long> times, String handover, long timestamp) {
    if (handover != null) {
      times.putIfAbsent(handover, timestamp);
    }
  }

  private static Map<String, Long> bounded() {
    return java.util.Collections.synchronizedMap(new LinkedHashMap<>() {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
        return size() > LIVE_HANDOVERS;
      }
    });
  }
}
