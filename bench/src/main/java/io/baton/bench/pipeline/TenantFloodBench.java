package io.baton.bench.pipeline;

import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.ingress.guard.IngressGuards;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.KafkaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;

/**
 * Scenario {@code tenant-flood}: does a tenant flooding the ingress past its rate limit change another tenant's
 * latency? Tenant B sends visitor messages at a steady rate (open loop, {@code --b-rate} over
 * {@code --b-conversations}) and its latency (request to the ingress's 202, which comes after Kafka's
 * acknowledgement) is measured three times, each on a fresh ingress on one broker: B alone; B while tenant A floods
 * from {@code --flood-clients} closed-loop clients (as fast as answers come) with the tenant limit on
 * ({@code --tenant-rate}, {@code --tenant-burst}); and the same flood with no limit, to show what the limit buys.
 * Every answer is counted per tenant and status.
 */
public final class TenantFloodBench {
  static final String A = "flood-a";
  static final String B = "steady-b";
  private final Map<String, String> args;

  private TenantFloodBench(Map<String, String> args) {
    this.args = args;
  }

  public static void main(String[] argv) throws Exception {
    Map<String, String> args = new LinkedHashMap<>();
    for (int i = 0; i + 1 < argv.length; i += 2) {
      args.put(argv[i].substring(2), argv[i + 1]);
    }
    Path file = new TenantFloodBench(args).run();
    System.out.println("wrote " + file);
    System.exit(0);
  }

  private int number(String name, int fallback) {
    return Integer.parseInt(args.getOrDefault(name, Integer.toString(fallback)));
  }

  /** One phase's outcome: B's latencies, and each tenant's answers by status. */
  record Phase(String name, Samples.Summary b, Map<String, Map<Integer, Integer>> answers, double floodPerSecond) {}

  Path run() throws Exception {
    Report report = new Report("tenant-flood", "TenantFloodBench" + args.entrySet().stream()
        .map(e -> " --" + e.getKey() + " " + e.getValue()).reduce("", String::concat));
    report.put("arguments", args);
    int tenantRate = number("tenant-rate", 200);
    int tenantBurst = number("tenant-burst", 400);
    List<Phase> phases = new ArrayList<>();
    try (KafkaBroker broker = KafkaBroker.start()) {
      IngressGuards limited = IngressGuards.defaults()
          .withRates(new IngressGuards.RateLimit(tenantRate, tenantBurst), new IngressGuards.RateLimit(20, 100));
      IngressGuards unlimited = IngressGuards.defaults()
          .withRates(new IngressGuards.RateLimit(1e9, 1_000_000_000), new IngressGuards.RateLimit(1e9, 1_000_000_000));
      phase(broker, "warm-up (not reported)", limited, true);
      phases.add(phase(broker, "B alone", limited, false));
      phases.add(phase(broker, "B while A floods, limit on", limited, true));
      phases.add(phase(broker, "B while A floods, no limit", unlimited, true));
    }
    List<List<String>> rows = new ArrayList<>();
    List<Object> data = new ArrayList<>();
    for (Phase p : phases) {
      rows.add(List.of(p.name(), p.b().cells().split(" \\| ")[0], p.b().cells().split(" \\| ")[1],
          p.b().cells().split(" \\| ")[2], p.b().cells().split(" \\| ")[3], counts(p.answers().get(B)),
          counts(p.answers().get(A)), String.format("%.0f", p.floodPerSecond())));
      Map<String, Object> d = new LinkedHashMap<>();
      d.put("phase", p.name());
      d.put("b_latency", p.b().json());
      d.put("answers", p.answers());
      d.put("a_answers_per_second", Math.round(p.floodPerSecond()));
      data.add(d);
    }
    report.table("phases", "Tenant B's latency (request -> 202), " + number("b-rate", 50) + "/s over "
        + number("b-conversations", 20) + " conversations, " + number("seconds", 20) + " s per phase",
        List.of("phase", "B p50 ms", "B p99 ms", "B p99.9 ms", "B max ms", "B answers", "A answers", "A answers/s"),
        rows, data);
    report.note("A floods from " + number("flood-clients", 8) + " clients, each sending its next request when the"
        + " last was answered, over 1000 conversations (never over a conversation's limit): with the limit on, A's"
        + " tenant bucket (" + tenantRate + "/s, burst " + tenantBurst + ") answers the rest 429 without touching"
        + " Kafka.");
    return report.write(Path.of(args.getOrDefault("out", "bench/results")));
  }

  private static String counts(Map<Integer, Integer> byStatus) {
    if (byStatus == null || byStatus.isEmpty()) {
      return "-";
    }
    List<String> parts = new ArrayList<>();
    new java.util.TreeMap<>(byStatus).forEach((status, n) -> parts.add(n + " x " + status));
    return String.join(", ", parts);
  }

  private Phase phase(KafkaBroker broker, String name, IngressGuards guards, boolean flood) throws Exception {
    IngressConfig config = new IngressConfig(0, IngressConfig.Security.none().withBotKey(A, "bench-key-of-" + A)
        .withBotKey(B, "bench-key-of-" + B)).withWebhooks(new IngressConfig.Webhooks(false, 1, Duration.ZERO,
            Duration.ofSeconds(1)))
        .withRequireConnector(false);
    IngressService ingress = new IngressService(config, KafkaSettings.of(broker.bootstrapServers()), guards);
    ingress.start();
    String base = "http://localhost:" + ingress.port();
    HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
    Map<String, Map<Integer, Integer>> answers = new ConcurrentHashMap<>();
    LongAdder floodAnswers = new LongAdder();
    long seconds = number("seconds", 20);
    long end = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    List<Thread> flooders = new ArrayList<>();
    for (int i = 0; flood && i < number("flood-clients", 8); i++) {
      Thread t = new Thread(() -> {
        while (System.nanoTime() < end) {
          int status = send(http, base, A, "a-" + ThreadLocalRandom.current().nextInt(1000));
          count(answers, A, status);
          floodAnswers.increment();
        }
      }, "flood-" + i);
      t.start();
      flooders.add(t);
    }
    Samples b = new Samples();
    Pacer pacer = new Pacer(number("b-rate", 50));
    int conversations = number("b-conversations", 20);
    AtomicInteger inFlight = new AtomicInteger();
    for (int n = 0; System.nanoTime() < end; n++) {
      pacer.awaitNext();
      long sent = System.nanoTime();
      inFlight.incrementAndGet();
      http.sendAsync(request(base, B, "b-" + n % conversations), HttpResponse.BodyHandlers.discarding())
          .whenComplete((r, e) -> {
            b.add((System.nanoTime() - sent) / 1000);
            count(answers, B, e == null ? r.statusCode() : -1);
            inFlight.decrementAndGet();
          });
    }
    for (Thread t : flooders) {
      t.join();
    }
    while (inFlight.get() > 0) {
      Thread.onSpinWait();
    }
    ingress.stop();
    return new Phase(name, b.summary(), answers, floodAnswers.sum() / (double) seconds);
  }

  private static void count(Map<String, Map<Integer, Integer>> answers, String tenant, int status) {
    answers.computeIfAbsent(tenant, t -> new ConcurrentHashMap<>()).merge(status, 1, Integer::sum);
  }

  private static HttpRequest request(String base, String tenant, String conversation) {
    return HttpRequest.newBuilder(URI.create(base + "/v1/conversations/" + conversation + "/messages"))
        .header("Authorization", "Bearer bench-key-of-" + tenant).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString("{\"text\":\"hello\"}", StandardCharsets.UTF_8)).build();
  }

  private static int send(HttpClient http, String base, String tenant, String conversation) {
    try {
      return http.send(request(base, tenant, conversation), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      return -1;
    }
  }
}
