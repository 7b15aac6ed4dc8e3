package io.baton.analytics.report;

import io.baton.analytics.HumanDuration;
import io.baton.analytics.TopicReading;
import io.baton.events.HandoverFacts;
import io.baton.topics.Topics;
import java.io.PrintStream;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code ./baton report [--since 7d|24h|30m|2026-11-01|<instant>]}: the funnel and the wait-time percentiles per
 * platform, from {@code analytics.handovers.v1} (the latest facts of each handover requested since then).
 */
public final class HandoverReport {
  static final String NOT_STARTED = "(not started)";
  private static final Pattern RELATIVE = Pattern.compile("(\\d+)([dhm])");

  private HandoverReport() {}

  public static void main(String[] args) {
    String bootstrap = System.getenv().getOrDefault("BATON_KAFKA_BOOTSTRAP", "localhost:9092");
    System.exit(run(args, bootstrap, Clock.systemUTC(), System.out, System.err));
  }

  /** Prints the report; the exit status: 0 printed, 1 no analytics topic (said in one line), 2 a usage error. */
  static int run(String[] args, String bootstrap, Clock clock, PrintStream out, PrintStream err) {
    Instant since = null;
    try {
      if (args.length == 2 && args[0].equals("--since")) {
        since = since(args[1], clock);
      } else if (args.length != 0) {
        throw new IllegalArgumentException("usage: report [--since 7d|24h|30m|2026-11-01|2026-11-01T10:00:00Z]");
      }
    } catch (IllegalArgumentException e) {
      err.println(e.getMessage());
      return 2;
    }
    Map<String, HandoverFacts> latest = new HashMap<>();
    try (TopicReading<HandoverFacts> topic = new TopicReading<>(bootstrap, Topics.ANALYTICS_HANDOVERS.name(),
        Topics.ANALYTICS_HANDOVERS.valueSerde().deserializer())) {
      var partitions = topic.partitions();
      if (partitions.isEmpty()) {
        err.println(topic.noSuchTopic());
        return 1;
      }
      topic.read(partitions, r -> {
        if (r.value() == null) {
          latest.remove(r.key());
        } else {
          latest.put(r.key(), r.value()); // the latest facts of each handover, compacted or not yet
        }
      }, () -> false);
    }
    out.print(render(latest.values(), since));
    out.flush();
    return 0;
  }

  /** The start of {@code --since}: a span back from now (7d, 24h, 30m), a day (UTC) or an instant. */
  static Instant since(String value, Clock clock) {
    Matcher m = RELATIVE.matcher(value);
    if (m.matches()) {
      long n = Long.parseLong(m.group(1));
      Duration span = switch (m.group(2)) {
        case "d" -> Duration.ofDays(n);
        case "h" -> Duration.ofHours(n);
        default -> Duration.ofMinutes(n);
      };
      return clock.instant().minus(span);
    }
    try {
      return value.contains("T") ? Instant.parse(value)
          : LocalDate.parse(value).atStartOfDay(ZoneOffset.UTC).toInstant();
    } catch (DateTimeParseException e) {
      throw new IllegalArgumentException("--since takes 7d, 24h, 30m, a day (2026-11-01) or an instant "
          + "(2026-11-01T10:00:00Z), not '" + value + "'");
    }
  }

  /** The report of the handovers requested since {@code since} (null: all of them). */
  static String render(Collection<HandoverFacts> handovers, Instant since) {
    List<HandoverFacts> chosen = handovers.stream()
        .filter(h -> since == null || !h.getRequestedAt().isBefore(since)).toList();
    StringBuilder out = new StringBuilder();
    out.append(chosen.size()).append(chosen.size() == 1 ? " handover" : " handovers").append(" requested")
        .append(since == null ? "" : " since " + since).append(" (").append(Topics.ANALYTICS_HANDOVERS.name())
        .append(")\n");
    if (chosen.isEmpty()) {
      return out.toString();
    }
    Map<String, List<HandoverFacts>> sorted = new TreeMap<>();
    List<HandoverFacts> notStarted = new ArrayList<>();
    for (HandoverFacts h : chosen) {
      if (h.getPlatform() == null) {
        notStarted.add(h);
      } else {
        sorted.computeIfAbsent(h.getPlatform().name(), p -> new ArrayList<>()).add(h);
      }
    }
    Map<String, List<HandoverFacts>> byPlatform = new LinkedHashMap<>(sorted);
    if (!notStarted.isEmpty()) {
      byPlatform.put(NOT_STARTED, notStarted);
    }
    byPlatform.put("all", chosen);
    out.append('\n').append(String.format("%-16s%10s%8s%8s%10s%12s%11s%11s%8s%6s%n", "platform", "requested",
        "queued", "joined", "by agent", "by visitor", "otherwise", "abandoned", "failed", "open"));
    byPlatform.forEach((platform, list) -> {
      HandoverFunnel f = HandoverFunnel.of(list);
      out.append(String.format("%-16s%10d%8d%8d%10d%12d%11d%11d%8d%6d%n", platform, f.requested(), f.queued(),
          f.agentJoined(), f.endedByAgent(), f.endedByVisitor(), f.endedOtherwise(), f.abandoned(), f.failed(),
          f.open()));
    });
    waits(out, "wait from request to agent joined", byPlatform, HandoverFacts::getAgentJoinedAt);
    waits(out, "wait from request to first agent reply", byPlatform, HandoverFacts::getFirstAgentReplyAt);
    return out.toString();
  }

  private static void waits(StringBuilder out, String title, Map<String, List<HandoverFacts>> byPlatform,
      Function<HandoverFacts, Instant> until) {
    out.append('\n').append(String.format("%-40s%14s%14s%14s%8s%n", title, "p50", "p90", "p99", "n"));
    byPlatform.forEach((platform, list) -> {
      WaitPercentiles w = new WaitPercentiles(list.stream().filter(h -> until.apply(h) != null)
          .map(h -> until.apply(h).toEpochMilli() - h.getRequestedAt().toEpochMilli()).toList());
      out.append(String.format("%-40s%14s%14s%14s%8d%n", platform, human(w.percentile(50)), human(w.percentile(90)),
          human(w.percentile(99)), w.count()));
    });
  }

  /** A wait as a person reads it (see {@link HumanDuration}); "-" without one. */
  static String human(OptionalLong ms) {
    return ms.isEmpty() ? "-" : HumanDuration.of(ms.getAsLong());
  }
}
