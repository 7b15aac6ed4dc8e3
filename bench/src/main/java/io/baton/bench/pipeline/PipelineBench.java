package io.baton.bench.pipeline;

import io.baton.ingress.DevCredentials;
import io.baton.topics.ConversationKey;
import io.baton.ingress.auth.WidgetTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The whole pipeline on this machine, next to its baselines measured in the same run on the same broker. One
 * scenario per command: {@code baselines}, {@code relay}, {@code throughput}, {@code scale}. Each run writes a
 * markdown table and a JSON file under {@code --out} (bench/results). Reports numbers; asserts nothing.
 *
 * <p>Arguments (defaults in brackets): {@code --variants exactly_once_v2:50} (router guarantee:commit interval ms,
 * comma separated), {@code --conversations}, {@code --rate} (messages/s), {@code --messages}, {@code --samples}
 * (raw hop), {@code --rates} (throughput steps), {@code --step-seconds}, {@code --max-minutes}, {@code --streams},
 * {@code --orgs}. See bench/README.md.
 */
public final class PipelineBench {
  private final Map<String, String> args = new LinkedHashMap<>();
  private final String scenario;
  private final Path work;

  private PipelineBench(String[] argv) throws Exception {
    if (argv.length == 0 || argv[0].startsWith("--")) {
      throw new IllegalArgumentException(
          "usage: PipelineBench baselines|relay|throughput|scale|soak [--name value ...]");
    }
    scenario = argv[0];
    for (int i = 1; i + 1 < argv.length; i += 2) {
      if (!argv[i].startsWith("--")) {
        throw new IllegalArgumentException("expected --name value, got " + argv[i]);
      }
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    work = Files.createTempDirectory("baton-pipeline-bench");
  }

  public static void main(String[] argv) throws Exception {
    System.setProperty("BATON_LOG_LEVEL", "warn"); // read by logback.xml and logback-test.xml at the first logger
    PipelineBench bench = new PipelineBench(argv);
    Path written = bench.run();
    System.out.println("\n" + Files.readString(written) + "written: " + written + " (and .json)");
    System.exit(0);
  }

  Path run() throws Exception {
    Report report = new Report(scenario, "PipelineBench " + scenario + (args.isEmpty() ? "" : " " + String.join(" ",
        args.entrySet().stream().map(e -> "--" + e.getKey() + " " + e.getValue()).toList())));
    report.put("arguments", args);
    switch (scenario) {
      case "baselines":
        baselines(report);
        break;
      case "relay":
        relay(report);
        break;
      case "throughput":
        throughput(report);
        break;
      case "scale":
        scale(report);
        break;
      case "soak":
        SoakReport.run(report, args, work);
        break;
      default:
        throw new IllegalArgumentException("unknown scenario " + scenario);
    }
    return report.write(Path.of(text("out", "bench/results")));
  }

  private String text(String name, String fallback) {
    return args.getOrDefault(name, fallback);
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  private List<String[]> variants() {
    List<String[]> out = new ArrayList<>();
    for (String v : text("variants", "exactly_once_v2:500").split(",")) {
      out.add(v.split(":"));
    }
    return out;
  }

  /** The baselines on one broker. */
  record Baselines(Samples.Summary rawHop, Samples.Summary rawTxHop, Samples.Summary openTxHop, DirectRelay direct) {}

  private Baselines measureBaselines(Stack stack, double rate) throws Exception {
    int samples = number("samples", 2000);
    Samples.Summary raw = RawHop.measure(stack.kafka, RawHop.Kind.PLAIN, samples, rate).summary();
    Samples.Summary tx = RawHop.measure(stack.kafka, RawHop.Kind.COMMIT_PER_RECORD, samples, rate).summary();
    Samples.Summary open = RawHop.measure(stack.kafka, RawHop.Kind.OPEN_TRANSACTION, samples, rate).summary();
    DirectRelay direct = new DirectRelay(stack.sandbox);
    direct.run(number("direct-chats", 20), Math.min(samples, number("messages", 6000)), rate);
    return new Baselines(raw, tx, open, direct);
  }

  private static List<String> row(String what, Samples.Summary s, String... more) {
    List<String> r = new ArrayList<>(List.of(what, Integer.toString(s.count())));
    r.addAll(List.of(s.cells().split(" \\| ")));
    r.addAll(List.of(more));
    return r;
  }

  private static Map<String, Object> json(Samples.Summary s, Object... more) {
    Map<String, Object> m = s.json();
    for (int i = 0; i + 1 < more.length; i += 2) {
      m.put((String) more[i], more[i + 1]);
    }
    return m;
  }

  private void baselineTable(Report report, String suffix, Baselines b) {
    List<String> headers = List.of("baseline", "samples", "p50 ms", "p99 ms", "p99.9 ms", "max ms", "what");
    List<List<String>> rows = List.of(
        row("raw Kafka hop", b.rawHop(), "produce (acks=all, linger 0) -> consumer poll"),
        row("raw transactional hop", b.rawTxHop(), "one transaction per record -> read_committed poll"),
        row("open transaction hop", b.openTxHop(), "a record in an open transaction (committed every "
            + RawHop.OPEN_TRANSACTION_COMMIT_MS + " ms) -> read_uncommitted poll"),
        row("direct relay: handover", b.direct().handover.summary(), "SessionId + ChasitorInit round trips"),
        row("direct relay: visitor -> agent", b.direct().visitorToAgent.summary(), "ChatMessage POST -> transcript"),
        row("direct relay: agent -> visitor", b.direct().agentToVisitor.summary(), "agent says -> long poll answer"));
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("raw_hop", b.rawHop().json());
    data.put("raw_transactional_hop", b.rawTxHop().json());
    data.put("open_transaction_hop", b.openTxHop().json());
    data.put("direct_handover", b.direct().handover.summary().json());
    data.put("direct_visitor_to_agent", json(b.direct().visitorToAgent.summary(), "lost", b.direct().lost));
    data.put("direct_agent_to_visitor", b.direct().agentToVisitor.summary().json());
    report.table("baselines" + suffix, "Baselines" + suffix, headers, rows, data);
  }

  private void baselines(Report report) throws Exception {
    double rate = number("rate", 200);
    try (Stack stack = Stack.brokerOnly(work, "exactly_once_v2", 500)) {
      report.note(stack.settingsLine());
      report.put("settings", stack.settings());
      baselineTable(report, "", measureBaselines(stack, rate));
      settingsTable(report, stack, rate);
    }
  }

  /**
   * What the client settings chosen for the services buy, on one plain hop: each row changes one setting from the
   * services' own (first row). linger.ms holds a record back for a batch; fetch.min.bytes makes the broker hold a
   * fetch until that much data or fetch.max.wait.ms; read_uncommitted is what read_committed costs.
   */
  private void settingsTable(Report report, Stack stack, double rate) throws Exception {
    int samples = number("settings-samples", 1000);
    record Setting(String what, Map<String, Object> producer, Map<String, Object> consumer) {}
    List<Setting> settings = List.of(
        new Setting("the services' settings (linger.ms 0, fetch.min.bytes 1, fetch.max.wait.ms 100, read_committed)",
            Map.of(), Map.of()),
        new Setting("producer linger.ms 5", Map.of("linger.ms", 5), Map.of()),
        new Setting("producer linger.ms 20", Map.of("linger.ms", 20), Map.of()),
        new Setting("consumer fetch.min.bytes 64 KiB, fetch.max.wait.ms 100", Map.of(),
            Map.of("fetch.min.bytes", 65536)),
        new Setting("consumer fetch.min.bytes 64 KiB, fetch.max.wait.ms 500 (Kafka's default wait)", Map.of(),
            Map.of("fetch.min.bytes", 65536, "fetch.max.wait.ms", 500)),
        new Setting("consumer read_uncommitted", Map.of(), Map.of("isolation.level", "read_uncommitted")));
    List<List<String>> rows = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    for (Setting s : settings) {
      progress("one hop with " + s.what());
      Samples.Summary summary =
          RawHop.measure(stack.kafka, RawHop.Kind.PLAIN, samples, rate, s.producer(), s.consumer()).summary();
      rows.add(row(s.what(), summary));
      data.put(s.what(), summary.json());
    }
    report.table("settings_effect", String.format("Effect of client settings on one raw hop at %.0f/s", rate),
        List.of("setting", "samples", "p50 ms", "p99 ms", "p99.9 ms", "max ms"), rows, data);
  }

  /** Relay latency, per router variant, each on its own broker with its own baselines. */
  private void relay(Report report) throws Exception {
    int conversations = number("conversations", 200);
    double rate = number("rate", 200);
    int messages = number("messages", 6000);
    Map<String, Object> all = new LinkedHashMap<>();
    for (String[] variant : variants()) {
      String name = variant[0] + ":" + variant[1];
      progress("starting Baton (" + name + ")");
      try (Stack stack = Stack.full(work.resolve(name.replace(':', '-')), variant[0], Long.parseLong(variant[1]))) {
        report.note("**Variant " + name + "**. " + stack.settingsLine());
        progress("baselines");
        Baselines b = measureBaselines(stack, rate);
        baselineTable(report, " (" + name + ")", b);
        try (Traffic traffic = new Traffic(stack, number("orgs", 50)); StageTaps taps = new StageTaps(stack.kafka)) {
          progress("opening " + conversations + " conversations");
          traffic.tapStages(taps);
          traffic.open(conversations, number("handover-rate", 50), Duration.ofSeconds(120));
          progress("relaying");
          // warm-up: long enough for the JIT (the first variant of a run was slower than the next ones with 400)
          traffic.relay("w", number("warmup-messages", 2000), rate, true, true, Duration.ofSeconds(30));
          Traffic.Outcome o = traffic.relay("m", messages, rate, true, true, Duration.ofSeconds(30));
          double rawP99 = b.rawHop().p99();
          Samples.Summary h = traffic.handover.summary();
          Samples.Summary v = o.visitor().summary();
          Samples.Summary a = o.agent().summary();
          List<String> headers = List.of("path (2 Kafka hops each)", "samples", "p50 ms", "p99 ms", "p99.9 ms",
              "max ms", "p50 / direct p50", "p99 / direct p99", "p99 / (2 x raw hop p99)");
          List<List<String>> rows = List.of(
              row("handover request -> chat request at sandbox", h, ratio(h.p50(), b.direct().handover.summary().p50()),
                  ratio(h.p99(), b.direct().handover.summary().p99()), ratio(h.p99(), 2 * rawP99)),
              row("visitor message -> agent (sandbox transcript)", v,
                  ratio(v.p50(), b.direct().visitorToAgent.summary().p50()),
                  ratio(v.p99(), b.direct().visitorToAgent.summary().p99()), ratio(v.p99(), 2 * rawP99)),
              row("agent message -> widget SSE stream", a, ratio(a.p50(), b.direct().agentToVisitor.summary().p50()),
                  ratio(a.p99(), b.direct().agentToVisitor.summary().p99()), ratio(a.p99(), 2 * rawP99)));
          Map<String, Object> data = new LinkedHashMap<>();
          data.put("settings", stack.settings());
          data.put("conversations", conversations);
          data.put("rate_per_s", rate);
          data.put("achieved_rate_per_s", Math.round((o.visitorSent() + o.agentSent()) / o.seconds()));
          data.put("handover", json(h, "pipeline_p99_over_2x_raw_hop_p99", Samples.round(h.p99() / (2 * rawP99))));
          data.put("visitor_to_agent",
              json(v, "pipeline_p99_over_2x_raw_hop_p99", Samples.round(v.p99() / (2 * rawP99))));
          data.put("agent_to_widget",
              json(a, "pipeline_p99_over_2x_raw_hop_p99", Samples.round(a.p99() / (2 * rawP99))));
          data.put("visitor_messages", o.visitorSent());
          data.put("agent_messages", o.agentSent());
          data.put("lost", o.lost());
          data.put("doubled", o.doubled());
          data.put("http_errors", o.errors());
          report.table("relay " + name, String.format("Relay, %s: %d conversations, %d messages at %.0f/s "
              + "(%d visitor, %d agent; achieved %.0f/s); lost %d, doubled %d, HTTP errors %d", name, conversations,
              messages, rate, o.visitorSent(), o.agentSent(), (o.visitorSent() + o.agentSent()) / o.seconds(),
              o.lost(), o.doubled(), o.errors()), headers, rows, data);
          Map<String, Samples> stages = new LinkedHashMap<>(traffic.handoverStages);
          stages.putAll(o.stages());
          data.put("stages", stageTable(report, name, stages));
          all.put(name, data);
          report.note(String.format("Targets (%s): visitor -> agent p50 %s ms (target <= 5), p99 %s ms (target <= 25); "
              + "agent -> visitor p50 %s ms, p99 %s ms; pipeline p99 / (2 x raw hop p99 = %s ms): %s and %s "
              + "(target <= 2).", name, Samples.ms(v.p50()), Samples.ms(v.p99()), Samples.ms(a.p50()),
              Samples.ms(a.p99()), Samples.ms(2 * rawP99), ratio(v.p99(), 2 * rawP99), ratio(a.p99(), 2 * rawP99)));
        }
      }
    }
  }

  /** Where the time of each path goes, stage by stage (see {@link StageTaps}). */
  private static Map<String, Object> stageTable(Report report, String name, Map<String, Samples> stages) {
    List<List<String>> rows = new ArrayList<>();
    Map<String, Object> data = new LinkedHashMap<>();
    stages.forEach((stage, samples) -> {
      Samples.Summary s = samples.summary();
      rows.add(row(stage, s));
      data.put(stage, s.json());
    });
    report.table("stages " + name, "Where the time goes, " + name + " (each stage ends when a consumer "
        + "reading as the services read sees the message on the next topic, or at the sandbox or widget)",
        List.of("stage", "samples", "p50 ms", "p99 ms", "p99.9 ms", "max ms"), rows, data);
    return data;
  }

  private static String ratio(double a, double b) {
    return b > 0 && !Double.isNaN(a) ? String.format("%.1fx", a / b) : "-";
  }

  /** Step up the rate until p99 passes 250 ms or a message is lost; once through HTTP, once by producers. */
  private void throughput(Report report) throws Exception {
    int conversations = number("conversations", 200);
    long deadline = System.nanoTime() + Duration.ofMinutes(number("max-minutes", 8)).toNanos();
    int stepSeconds = number("step-seconds", 8);
    String[] variant = variants().get(0);
    String name = variant[0] + ":" + variant[1];
    try (Stack stack = Stack.full(work, variant[0], Long.parseLong(variant[1]))) {
      report.note("**Variant " + name + "**. " + stack.settingsLine());
      Samples.Summary raw = RawHop.measure(stack.kafka, RawHop.Kind.PLAIN, number("samples", 2000), 200).summary();
      report.note("Raw Kafka hop on this broker at 200/s: p50 " + Samples.ms(raw.p50()) + " ms, p99 "
          + Samples.ms(raw.p99()) + " ms.");
      try (Traffic traffic = new Traffic(stack, number("orgs", 50))) {
        traffic.open(conversations, number("handover-rate", 50), Duration.ofSeconds(120));
        traffic.relay("w", conversations * 2, 200, false, true, Duration.ofSeconds(30));
        Map<String, Object> data = new LinkedHashMap<>();
        for (boolean viaHttp : new boolean[] {true, false}) {
          String mode = viaHttp ? "HTTP ingress" : "Kafka producer";
          List<List<String>> rows = new ArrayList<>();
          List<Object> steps = new ArrayList<>();
          int best = 0;
          for (String r : text("rates", "100,200,400,800,1600,3200,6400").split(",")) {
            if (System.nanoTime() > deadline) {
              report.note("Stopped at the time limit (" + number("max-minutes", 8) + " minutes).");
              break;
            }
            int rate = Integer.parseInt(r.trim());
            boolean ok = false;
            // a step is tried twice before the search stops: one stall of a shared 2-core machine is not a limit
            for (int attempt = 1; attempt <= 2 && !ok && System.nanoTime() < deadline; attempt++) {
              String tag = (viaHttp ? "h" : "k") + rate + "-" + attempt;
              Traffic.Outcome o = traffic.relay(tag, rate * stepSeconds, rate, false, viaHttp, Duration.ofSeconds(20));
              Samples.Summary v = o.visitor().summary();
              double achieved = o.visitorSent() / o.seconds();
              ok = o.lost() == 0 && o.doubled() == 0 && o.errors() == 0 && v.p99() <= 250 && achieved >= 0.95 * rate;
              rows.add(row(rate + "/s" + (attempt > 1 ? " (again)" : ""), v, String.format("%.0f", achieved),
                  Long.toString(o.lost()), Long.toString(o.doubled()), Long.toString(o.errors()), ok ? "yes" : "no"));
              steps.add(json(v, "rate_per_s", rate, "attempt", attempt, "achieved_per_s", Math.round(achieved),
                  "lost", o.lost(), "doubled", o.doubled(), "errors", o.errors(), "sustained", ok));
              System.out.printf("%s %d/s: p99 %.1f ms, achieved %.0f/s, lost %d -> %s%n", mode, rate, v.p99(),
                  achieved, o.lost(), ok ? "ok" : "over");
            }
            if (!ok) {
              break;
            }
            best = rate;
          }
          Map<String, Object> modeData = new LinkedHashMap<>();
          modeData.put("highest_sustained_per_s", best);
          modeData.put("steps", steps);
          data.put(viaHttp ? "http" : "kafka", modeData);
          report.table("throughput " + (viaHttp ? "http" : "kafka"), String.format("Throughput through %s, "
              + "visitor message -> agent, %d conversations, %d s per step: highest sustained %d/s", mode,
              conversations, stepSeconds, best),
              List.of("offered", "samples", "p50 ms", "p99 ms", "p99.9 ms",
                  "max ms", "achieved /s", "lost", "doubled", "errors", "p99 <= 250 ms, none lost"),
              rows, modeData);
        }
        data.put("settings", stack.settings());
        report.put("throughput", data);
      }
    }
  }

  /**
   * SSE streams held by one gateway and open chats held by one connector, each service in a JVM of its own under the
   * heap limit the issue sets (1 GiB), so the heap measured is that service's alone: heap after GC per stream and per
   * chat. The rest of Baton (broker, router, sandbox, the ingress the handovers go through) runs in this JVM.
   */
  private void scale(Report report) throws Exception {
    int streams = number("streams", 10000);
    int conversations = number("conversations", 1000);
    String gatewayHeap = text("gateway-heap", "1g");
    String connectorHeap = text("connector-heap", "1g");
    String[] variant = variants().get(0);
    progress("starting Baton");
    try (Stack stack = Stack.withoutConnector(work, variant[0], Long.parseLong(variant[1]))) {
      report.note(stack.settingsLine());
      Map<String, Object> data = new LinkedHashMap<>();
      List<List<String>> rows = new ArrayList<>();
      progress("starting a gateway (-Xmx" + gatewayHeap + ") and opening " + streams + " SSE streams");
      try (ChildService gateway = ChildService.start("ingress", gatewayHeap, work.resolve("gateway.log"),
          stack.kafka.bootstrapServers()); SseHolders holders = new SseHolders()) {
        WidgetTokens tokens = new WidgetTokens(stack.ingressConfig.security().tokenKeys());
        long before = gateway.heapAfterGc();
        long started = System.nanoTime();
        long deadline = started + Duration.ofSeconds(number("stream-seconds", 180)).toNanos();
        Pacer pacer = new Pacer(number("stream-rate", 1000));
        int opened = 0;
        for (; opened < streams && System.nanoTime() < deadline; opened++) {
          pacer.awaitNext();
          String id = "scale-" + opened;
          String token = tokens.mint(new ConversationKey(DevCredentials.TENANT, id), Instant.now().plusSeconds(3600));
          holders.open(gateway.port, "/v1/conversations/" + id + "/events?access_token=" + token);
        }
        while (holders.accepted.get() + holders.closed.get() < opened && System.nanoTime() < deadline) {
          Thread.sleep(50);
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = gateway.heapAfterGc();
        int held = holders.accepted.get() - holders.closed.get();
        double perStream = (after - before) / (double) Math.max(1, held);
        rows.add(List.of("SSE streams held by one gateway (-Xmx" + gatewayHeap + ")",
            String.format("%,d of %,d", held, streams), String.format("%.1f s", seconds), mb(before), mb(after),
            String.format("%,.0f bytes", perStream), String.format("%,.0f", (1L << 30) / Math.max(1, perStream))));
        data.put("sse", Map.of("requested", streams, "held", held, "max_heap", gatewayHeap,
            "seconds", Samples.round(seconds), "heap_before_mb", before >> 20, "heap_after_mb", after >> 20,
            "bytes_per_stream", Math.round(perStream)));
      }
      progress("starting a connector (-Xmx" + connectorHeap + ") and opening " + conversations + " chats");
      try (ChildService connector = ChildService.start("connector", connectorHeap, work.resolve("connector.log"),
          stack.kafka.bootstrapServers(), stack.sandbox.liveAgentRestUrl());
           Traffic traffic = new Traffic(stack, number("orgs", 50))) {
        long before = connector.heapAfterGc();
        long started = System.nanoTime();
        traffic.open(conversations, number("handover-rate", 100), Duration.ofSeconds(number("chat-seconds", 180)));
        double seconds = (System.nanoTime() - started) / 1e9;
        long after = connector.heapAfterGc();
        double perChat = (after - before) / (double) conversations;
        rows.add(List.of("open Live Agent chats held by one connector (-Xmx" + connectorHeap + ")",
            String.format("%,d", conversations), String.format("%.1f s", seconds), mb(before), mb(after),
            String.format("%,.0f bytes", perChat), String.format("%,.0f", (1L << 30) / Math.max(1, perChat))));
        data.put("connector", Map.of("conversations", conversations, "max_heap", connectorHeap,
            "seconds", Samples.round(seconds), "heap_before_mb", before >> 20, "heap_after_mb", after >> 20,
            "bytes_per_conversation", Math.round(perChat), "handover_p99_ms",
            Samples.round(traffic.handover.summary().p99())));
      }
      report.table("scale", "Scale (heap in use after GC, in the service's own JVM)", List.of("what", "held",
          "time to open", "heap before", "heap after", "heap per item", "items per GiB"), rows, data);
      report.note("Each service runs in a JVM of its own with the heap limit shown; heap is measured there after GC, "
          + "so it is that service's alone. A chat held by the connector has its Live Agent session, its long poll "
          + "in flight and its link. The router's 100,000 open conversations are measured by RouterBench (above).");
    }
  }

  private static void progress(String what) {
    System.out.printf("%tT %s%n", System.currentTimeMillis(), what);
  }

  private static String mb(long bytes) {
    return (bytes >> 20) + " MB";
  }

  /** For the smoke test. */
  static Path runForTest(String... argv) throws Exception {
    return new PipelineBench(argv).run();
  }
}
