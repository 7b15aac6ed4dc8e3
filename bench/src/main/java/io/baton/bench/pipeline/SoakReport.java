package io.baton.bench.pipeline;

import io.baton.bench.soak.Soak;
import io.baton.bench.soak.SoakOutcome;
import io.baton.testkit.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code soak} scenario: {@link Soak} on a fresh in-process broker, its outcome as tables. */
final class SoakReport {
  private SoakReport() {}

  static void run(Report report, Map<String, String> args, Path work) throws Exception {
    Soak.Settings settings = Soak.Settings.from(args);
    report.put("settings", settingsJson(settings));
    // Under mvn exec:java the classes are in a class loader, not on java.class.path, which each service's JVM gets.
    System.setProperty("java.class.path", ChildService.classPath());
    SoakOutcome o;
    if (args.containsKey("bootstrap")) { // a broker that runs already (the suite's shared one)
      o = Soak.run(args.get("bootstrap"), work, settings);
    } else {
      try (KafkaBroker broker = KafkaBroker.start()) {
        o = Soak.run(broker.bootstrapServers(), work, settings);
      }
    }
    String traffic = String.join(", ", settings.platforms().stream().map(p -> settings.conversations(p) + " on "
        + p.option + " at " + settings.rate(p) + " msg/s").toList());
    report.note(String.format("Two instances each of the router, the ingress and the connector hosts of %s, each "
        + "in a JVM of its own (-Xmx256m, C1); the broker, the helpdesk sandbox and the load generator in this one. "
        + "Conversations: %s, each way, for %d s; the fleet was ready %.1f s after its start. Kills (SIGKILL, started "
        + "again at once): %s.", settings.platforms().stream().map(p -> p.option).toList(), traffic,
        settings.traffic().toSeconds(), o.startup().toMillis() / 1000.0, settings.kills().steps()));
    List<List<String>> rows = new ArrayList<>();
    Map<String, Object> directions = new LinkedHashMap<>();
    o.directions().forEach((d, c) -> {
      rows.add(List.of(d, Integer.toString(o.messages().get(d)), Integer.toString(c.lost()),
          Integer.toString(c.doubled()), Integer.toString(c.outOfOrder())));
      directions.put(d, Map.of("sent", o.messages().get(d), "lost", c.lost(), "doubled", c.doubled(),
          "out_of_order", c.outOfOrder()));
    });
    report.table("directions", "Messages per direction, over " + o.conversations() + " conversations (all must be 0)",
        List.of("direction", "sent", "lost", "doubled", "out of order"), rows, directions);
    report.table("sessions", "Helpdesk sessions per conversation (exactly 1)",
        List.of("conversations", "with exactly one session", "other than one"),
        List.of(List.of(Integer.toString(o.conversations()),
            Integer.toString(o.conversations() - o.sessionsOtherThanOne()),
            Integer.toString(o.sessionsOtherThanOne()))),
        Map.of("conversations", o.conversations(), "other_than_one", o.sessionsOtherThanOne()));
    List<List<String>> kills = new ArrayList<>();
    for (SoakOutcome.Recovery r : o.recoveries()) {
      kills.add(List.of(r.step(), String.format("%.1f s", r.atSeconds()), Integer.toString(r.affected()),
          Integer.toString(r.stuck()),
          r.maxMs() < 0 ? "-" : String.format("%.1f s (%s)", r.maxMs() / 1000.0, r.slowestPlatform()),
          r.medianMs() < 0 ? "-" : String.format("%.1f s", r.medianMs() / 1000.0)));
    }
    report.table("kills", "Time to recover after each kill (from the SIGKILL until every affected conversation "
        + "relayed a message sent after it, both ways)",
        List.of("instance killed", "into the traffic",
            "affected conversations", "never relayed again", "recovery (slowest conversation)", "median conversation"),
        kills, o.recoveries());
    report.note(String.format("Visitor requests retried on the other ingress (same Idempotency-Key): %d; widget "
        + "streams resumed with Last-Event-ID: %d; webhooks a balancer passed to the other instance: %d (Dixa's over %d webhook subscription(s)); the "
        + "crash-point ingress's exit code: %s (137: halted after Kafka's ack, before answering); visitor messages "
        + "after the traffic until it halted: %d.", o.retries(), o.widgetResumes(), o.webhookFailovers(),
        o.dixaSubscriptions(),
        o.haltExit(), o.lateMessages()));
    if (!o.troubled().isEmpty()) {
      report.note("Conversations with a count other than 0: " + o.troubled());
    }
    report.put("must_be_zero", o.mustBeZero());
    report.put("troubled_conversations", o.troubled());
    report.put("retries", o.retries());
    report.put("widget_resumes", o.widgetResumes());
    report.put("halt_exit", o.haltExit());
    report.put("late_messages", o.lateMessages());
    report.put("dixa_webhook_subscriptions", o.dixaSubscriptions());
  }

  private static Map<String, Object> settingsJson(Soak.Settings s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("platforms", s.platforms().stream().map(p -> p.option).toList());
    m.put("other_platform_conversations", s.others());
    m.put("other_platform_rate_each_way", s.otherRate());
    m.put("live_agent_conversations", s.liveAgent());
    m.put("dixa_conversations", s.dixa());
    m.put("live_agent_rate_each_way", s.liveAgentRate());
    m.put("dixa_rate_each_way", s.dixaRate());
    m.put("miaw_rate_each_way", s.miawRate());
    m.put("support_rate_each_way", s.supportRate());
    m.put("gorgias_rate_each_way", s.gorgiasRate());
    m.put("traffic_s", s.traffic().toSeconds());
    m.put("kills", s.kills().steps().stream().map(Object::toString).toList());
    m.put("kafka_session_timeout_ms", 3000);
    return m;
  }

}
