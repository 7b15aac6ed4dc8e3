package io.baton.bench.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the soak found: per direction, lost, doubled and out-of-order messages over every conversation (and which
 * conversations had any), helpdesk sessions per conversation, and per kill how long until every conversation it
 * could hold up relayed again both ways (a message sent after the kill seen by the other side).
 */
public record SoakOutcome(Map<String, Delivery.Counts> directions, Map<String, Integer> messages,
    Map<String, Map<String, Delivery.Counts>> troubled, int conversations, int sessionsOtherThanOne,
    List<Recovery> recoveries, Integer haltExit, int lateMessages, int retries, int widgetResumes,
    int webhookFailovers, int dixaSubscriptions, Duration startup, Duration traffic) {

  public static final String VISITOR_TO_AGENT = "visitor -> agent (transcript at the helpdesk)";
  public static final String AGENT_TO_WIDGET = "agent -> widget (SSE frames)";
  public static final String VISITOR_TO_WIDGET = "visitor -> widget (its own messages, SSE frames)";

  /**
   * One kill's recovery: the longest and the median time from the kill until an affected conversation relayed again
   * both ways, and the platform of the slowest; {@code stuck} conversations had no message sent after the kill arrive.
   */
  public record Recovery(String step, double atSeconds, int affected, int stuck, long maxMs, long medianMs,
      String slowestPlatform) {}

  /** @param dixaSubscriptions webhook subscriptions Dixa delivered through (one, shared by both instances) */
  static SoakOutcome of(SoakRun run, Duration startup, int dixaSubscriptions) {
    Map<String, Delivery.Counts> directions = new LinkedHashMap<>();
    Map<String, Integer> messages = new LinkedHashMap<>();
    Map<String, Map<String, Delivery.Counts>> troubled = new LinkedHashMap<>();
    int sessionsOff = 0;
    int resumes = 0;
    for (SoakConversation c : run.conversations) {
      Map<String, List<Delivery.Line>[]> pairs = new LinkedHashMap<>();
      pairs.put(VISITOR_TO_AGENT, pair(c.visitorSent, c.agentSaw(run.agents)));
      pairs.put(AGENT_TO_WIDGET, pair(c.agentSent, c.widgetSaw()));
      pairs.put(VISITOR_TO_WIDGET, pair(c.visitorSent, c.widgetEchoed()));
      for (var e : pairs.entrySet()) {
        Delivery.Counts counts = Delivery.count(e.getValue()[0], e.getValue()[1]);
        directions.merge(e.getKey(), counts, Delivery.Counts::plus);
        messages.merge(e.getKey(), e.getValue()[0].size(), Integer::sum);
        if (!counts.equals(Delivery.Counts.NONE)) {
          troubled.computeIfAbsent(c.id, k -> new LinkedHashMap<>()).put(e.getKey(), counts);
        }
      }
      int sessions = run.agents.sessions(c.id);
      sessionsOff += sessions == 1 ? 0 : 1;
      resumes += c.widget.resumes();
    }
    List<Recovery> recoveries = new ArrayList<>();
    for (SoakRun.Kill k : run.kills) {
      recoveries.add(recovery(run, k));
    }
    return new SoakOutcome(directions, messages, troubled, run.conversations.size(), sessionsOff, recoveries,
        run.haltExit, run.lateMessages, run.bot.retries.get(), resumes, run.fleet.webhookFailovers(),
        dixaSubscriptions, startup, run.settings.traffic());
  }

  @SuppressWarnings("unchecked")
  private static List<Delivery.Line>[] pair(List<Delivery.Line> sent, List<Delivery.Line> seen) {
    return new List[] {Delivery.snapshot(sent), Delivery.snapshot(seen)};
  }

  private static Recovery recovery(SoakRun run, SoakRun.Kill kill) {
    List<Long> times = new ArrayList<>();
    String slowest = null;
    long slowestMs = -1;
    int stuck = 0;
    for (SoakConversation c : kill.affected()) {
      Instant toAgent = Delivery.firstRelayedSince(kill.at(), c.visitorSent, c.agentSaw(run.agents));
      Instant toWidget = Delivery.firstRelayedSince(kill.at(), c.agentSent, c.widgetSaw());
      if (toAgent == null || toWidget == null) {
        stuck++;
        continue;
      }
      Instant both = toAgent.isAfter(toWidget) ? toAgent : toWidget;
      long ms = Duration.between(kill.at(), both).toMillis();
      times.add(ms);
      if (ms > slowestMs) {
        slowestMs = ms;
        slowest = c.platform.option;
      }
    }
    times.sort(Long::compare);
    long max = times.isEmpty() ? -1 : times.get(times.size() - 1);
    long median = times.isEmpty() ? -1 : times.get(times.size() / 2);
    return new Recovery(kill.step().toString(), kill.intoTraffic().toMillis() / 1000.0, kill.affected().size(),
        stuck, max, median, slowest);
  }

  /** Every count that must be 0, by name: lost, doubled and out of order per direction, and sessions other than 1. */
  public Map<String, Integer> mustBeZero() {
    Map<String, Integer> all = new LinkedHashMap<>();
    directions.forEach((d, c) -> {
      all.put(d + " lost", c.lost());
      all.put(d + " doubled", c.doubled());
      all.put(d + " out of order", c.outOfOrder());
    });
    all.put("conversations with helpdesk sessions other than one", sessionsOtherThanOne);
    all.put("kills after which an affected conversation never relayed again",
        (int) recoveries.stream().filter(r -> r.stuck() > 0).count());
    return all;
  }
}
