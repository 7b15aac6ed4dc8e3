package io.baton.bench.router;

import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.ConversationState;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.router.switchboard.ConversationSwitchboard;
import io.baton.router.timers.Deadlines;
import io.baton.schemas.AvroSerde;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import io.baton.testkit.KafkaBroker;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The router on a real in-process broker: for each processing guarantee, the latency of one visitor message through
 * the router (send to the log record, read uncommitted and committed), then N conversations opened and held (a handover and an agent joined
 * each), with events per second, and the state size it takes. Reports numbers; it asserts nothing.
 *
 * <p>Run: see bench/README.md. Arguments: {@code --conversations N} (100000), {@code --samples N} (300),
 * {@code --variants exactly_once_v2:500,exactly_once_v2:1000,at_least_once:500} (guarantee:commit interval in ms).
 */
public final class RouterBench {
  private int conversations = 100_000;
  private int samples = 300;
  /**
   * guarantee:commitIntervalMs; the interval is when exactly_once_v2 makes records visible to read_committed readers
   * (the gated readers of uncommitted records do not wait for it).
   */
  private List<String> variants = List.of("exactly_once_v2:500", "exactly_once_v2:1000", "at_least_once:500");

  public static void main(String[] args) throws Exception {
    System.setProperty("BATON_LOG_LEVEL", "warn"); // read by logback.xml and logback-test.xml at the first logger
    RouterBench bench = new RouterBench();
    for (int i = 0; i + 1 < args.length; i += 2) {
      switch (args[i]) {
        case "--conversations":
          bench.conversations = Integer.parseInt(args[i + 1]);
          break;
        case "--samples":
          bench.samples = Integer.parseInt(args[i + 1]);
          break;
        case "--variants":
          bench.variants = List.of(args[i + 1].split(","));
          break;
        default:
          throw new IllegalArgumentException("unknown argument " + args[i]);
      }
    }
    bench.run();
    System.exit(0);
  }

  private void run() throws Exception {
    Path work = Files.createTempDirectory("baton-router-bench");
    System.out.printf("router bench: %d conversations, %d latency samples, %d cores, max heap %d MB%n",
        conversations, samples, Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20);
    for (String variant : variants) {
      // a fresh broker each, so no variant reads another's records or competes with its compaction
      try (KafkaBroker broker = KafkaBroker.start()) {
        KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
        TopicProvisioner.ensure(kafka, Topics.all());
        String guarantee = variant.split(":")[0];
        long commitMs = Long.parseLong(variant.split(":")[1]);
        RouterConfig base = RouterConfig.defaults().withApplicationId("bench-" + guarantee + "-" + commitMs)
            .withStateDir(work.resolve(guarantee + "-" + commitMs).toString()).withProcessingGuarantee(guarantee);
        RouterConfig config = new RouterConfig(base.applicationId(), base.stateDir(), guarantee, commitMs,
            base.transcriptLength(), base.queueTimeout(), base.visitorIdleTimeout(), base.agentIdleTimeout(),
            base.retention(), base.dedupWindow(), base.timerInterval());
        guarantee = guarantee + "-" + commitMs;
        KafkaStreams router =
            new KafkaStreams(RouterTopology.build(config), RouterService.streamsProperties(config, kafka));
        router.start();
        awaitRunning(router);
        System.out.printf("%n== %s (commit interval %d ms)%n", guarantee, config.commitIntervalMs());
        for (String isolation : List.of("read_uncommitted", "read_committed")) {
          latency(kafka, guarantee, "idle router", isolation);
        }
        throughput(kafka, guarantee, router, config);
        for (String isolation : List.of("read_uncommitted", "read_committed")) {
          latency(kafka, guarantee, "holding " + conversations + " conversations", isolation);
        }
        router.close(Duration.ofSeconds(30));
      }
    }
  }

  /**
   * One visitor message at a time, sent and waited for in the log: the router's added latency, as a gated reader of
   * uncommitted records (the gateway, connectors) sees it, and as a read_committed reader (analysts) sees it.
   */
  private void latency(KafkaSettings kafka, String guarantee, String label, String isolation) {
    String key = "bench-latency/" + guarantee + "-" + UUID.randomUUID();
    List<Long> micros = new ArrayList<>();
    try (KafkaProducer<String, ConversationInput> producer = new KafkaProducer<>(
        kafka.producerProperties("bench-latency"), new StringSerializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer());
         KafkaConsumer<String, ConversationEvent> log = logReader(kafka, isolation)) {
      // A committed record waits for the commit interval, so few samples say it; more would take minutes each.
      int count = isolation.equals("read_committed") ? Math.min(samples, 50) : samples;
      for (int i = 0; i < count + 20; i++) {
        String id = key + "#" + i;
        long start = System.nanoTime();
        producer.send(ConversationInputs.record(key, VisitorEvent.newBuilder().setEventId(id)
            .setOccurredAt(Instant.now()).setTenant("bench-latency")
            .setConversationId(key.substring(key.indexOf('/') + 1))
            .setBody(new VisitorMessage("ping " + i, List.of())).build()));
        boolean seen = false;
        while (!seen) {
          for (ConsumerRecord<String, ConversationEvent> r : log.poll(Duration.ofMillis(5))) {
            seen |= id.equals(r.value().getCausationId());
          }
        }
        if (i >= 20) { // the first ones warm up
          micros.add((System.nanoTime() - start) / 1000);
        }
      }
    }
    Collections.sort(micros);
    System.out.printf(
        "latency, %s: p50 %.1f ms, p95 %.1f ms, p99 %.1f ms, max %.1f ms (send to log record, %s)%n",
        label, pct(micros, 50), pct(micros, 95), pct(micros, 99), micros.get(micros.size() - 1) / 1000.0, isolation);
  }

  /** Opens and holds N conversations: a handover request and an agent joined each, 2N inputs, 2N log events. */
  private void throughput(KafkaSettings kafka, String guarantee, KafkaStreams router, RouterConfig config)
      throws Exception {
    String tenant = "bench-" + guarantee.replace('_', '-');
    Properties fast = kafka.producerProperties("bench-load");
    fast.put(ProducerConfig.LINGER_MS_CONFIG, "10");
    fast.put(ProducerConfig.BATCH_SIZE_CONFIG, String.valueOf(256 * 1024));
    try (KafkaConsumer<String, ConversationEvent> log = logReader(kafka, "read_committed");
         KafkaProducer<String, ConversationInput> handovers = new KafkaProducer<>(fast, new StringSerializer(),
             Topics.CONVERSATION_INPUTS.valueSerde().serializer());
         KafkaProducer<String, ConversationInput> agents = new KafkaProducer<>(fast, new StringSerializer(),
             Topics.CONVERSATION_INPUTS.valueSerde().serializer())) {
      long[] read = {0};
      long start = System.nanoTime();
      Instant now = Instant.now();
      for (int i = 0; i < conversations; i++) {
        String id = "c-" + i;
        handovers.send(ConversationInputs.record(tenant + "/" + id, HandoverRequested
            .newBuilder().setEventId(id + "-h").setOccurredAt(now).setTenant(tenant).setConversationId(id)
            .setPlatform(Platform.salesforce).setPayload(SalesforceLiveAgentHandover.newBuilder()
                .setOrganizationId("00D").setDeploymentId("572").setButtonId("573")
                .setLiveAgentHostname("la.example").build())
            .setContext(VisitorContext.newBuilder().setName("Visitor " + i).build()).build()));
      }
      // agents join only once their chats were started, as at a real helpdesk
      handovers.flush();
      awaitLogged(log, tenant, read, conversations);
      for (int i = 0; i < conversations; i++) {
        String id = "c-" + i;
        agents.send(ConversationInputs.record(tenant + "/" + id, AgentEvent.newBuilder()
            .setEventId(id + "-j").setOccurredAt(now).setTenant(tenant).setConversationId(id)
            .setPlatform(Platform.salesforce).setHandoverId(id + "-h").setBody(new AgentJoined("Alex", null)).build()));
      }
      agents.flush();
      awaitLogged(log, tenant, read, 2L * conversations);
      double seconds = (System.nanoTime() - start) / 1e9;
      long expected = 2L * conversations;
      System.out.printf("throughput: %d inputs -> %d log events + %d commands in %.1f s = %.0f inputs/s%n",
          expected, expected, conversations, seconds, expected / seconds);
    }
    stateSize(kafka, router, config, tenant);
  }

  /** Reads the log until {@code read[0]}, the tenant's events read so far, reaches {@code total}. */
  private static void awaitLogged(KafkaConsumer<String, ConversationEvent> log, String tenant, long[] read,
      long total) {
    long lastReport = System.nanoTime();
    while (read[0] < total) {
      for (ConsumerRecord<String, ConversationEvent> r : log.poll(Duration.ofMillis(100))) {
        if (r.value().getTenant().equals(tenant)) {
          read[0]++;
        }
      }
      if (System.nanoTime() - lastReport > 10_000_000_000L) {
        System.out.printf("  ... %d of %d log events%n", read[0], total);
        lastReport = System.nanoTime();
      }
    }
  }

  private void stateSize(KafkaSettings kafka, KafkaStreams router, RouterConfig config, String tenant)
      throws Exception {
    ReadOnlyKeyValueStore<String, ConversationState> store = router.store(StoreQueryParameters.fromNameAndType(
        ConversationSwitchboard.STORE, QueryableStoreTypes.keyValueStore()));
    var serializer = AvroSerde.of(ConversationState.class).serializer();
    long count = 0;
    long logical = 0;
    try (var all = store.all()) {
      while (all.hasNext()) {
        var entry = all.next();
        count++;
        logical += entry.key.length() + serializer.serialize("x", entry.value).length;
      }
    }
    ReadOnlyKeyValueStore<String, String> timers = router.store(StoreQueryParameters.fromNameAndType(
        Deadlines.STORE, QueryableStoreTypes.keyValueStore()));
    long timerEntries = 0;
    try (var all = timers.all()) {
      while (all.hasNext()) {
        var entry = all.next();
        timerEntries++;
        logical += entry.key.length() + entry.value.length();
      }
    }
    long onDisk = directorySize(Path.of(config.stateDir()));
    long changelog;
    try (Admin admin = Admin.create(kafka.adminProperties())) {
      changelog = admin.describeLogDirs(admin.describeCluster().nodes().get().stream().map(n -> n.id()).toList())
          .allDescriptions().get().values().stream().flatMap(dirs -> dirs.values().stream())
          .flatMap(d -> d.replicaInfos().entrySet().stream())
          .filter(e -> e.getKey().topic().startsWith(config.applicationId() + "-"))
          .mapToLong(e -> e.getValue().size()).sum();
    }
    System.out.printf("state: %d conversations and %d timer entries; keys and values %.1f MB (%d bytes per "
        + "conversation); RocksDB files %.1f MB (the rest is still in memtables); changelog topics %.1f MB "
        + "(before compaction)%n", count, timerEntries, logical / 1e6, logical / Math.max(1, count), onDisk / 1e6,
        changelog / 1e6);
    Runtime rt = Runtime.getRuntime();
    System.gc();
    System.out.printf("heap in use (broker, router and bench together): %d MB%n",
        (rt.totalMemory() - rt.freeMemory()) >> 20);
  }

  private static long directorySize(Path dir) {
    try (Stream<Path> files = Files.walk(dir)) {
      return files.filter(Files::isRegularFile).mapToLong(p -> {
        try {
          return Files.size(p);
        } catch (IOException e) {
          return 0;
        }
      }).sum();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static KafkaConsumer<String, ConversationEvent> logReader(KafkaSettings kafka, String isolation) {
    Properties p = kafka.adminProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, isolation);
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, "5");
    p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, "5000");
    KafkaConsumer<String, ConversationEvent> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer());
    List<TopicPartition> partitions = consumer.partitionsFor(Topics.CONVERSATION_EVENTS.name()).stream()
        .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
    consumer.assign(partitions);
    consumer.seekToEnd(partitions);
    partitions.forEach(consumer::position); // fix the start now, before anything is sent
    return consumer;
  }

  private static void awaitRunning(KafkaStreams router) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (router.state() != KafkaStreams.State.RUNNING) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("the router did not start within 60 s");
      }
      Thread.sleep(50);
    }
  }

  private static double pct(List<Long> sorted, int p) {
    return sorted.get(Math.min(sorted.size() - 1, sorted.size() * p / 100)) / 1000.0;
  }
}
