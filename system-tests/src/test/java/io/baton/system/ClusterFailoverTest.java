package io.baton.system;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.baton.connector.ConnectorHost;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.DevCredentials;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.operations.Operations;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.testkit.CapturedLogs;
import io.baton.testkit.Eventually;
import io.baton.testkit.cluster.KafkaCluster;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartitionInfo;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Baton on a three-node KRaft cluster, every topic at replication 3 and {@code min.insync.replicas} 2: the ingress,
 * the router and the Live Agent connector relay chats both ways while a node dies (SIGKILL) and comes back. None of
 * them is restarted: they find the new leaders, the new controller and the new coordinators by themselves, and what a
 * visitor and an agent see has nothing lost, doubled or reordered. One cluster and one set of services for the class.
 */
class ClusterFailoverTest {
  private static final int CONVERSATIONS = 6;
  /** Per conversation and side: 6 conversations, 2 sides, 60 messages a second in all. */
  private static final double PER_SECOND = 5;
  private static final Duration TRAFFIC = Duration.ofSeconds(8);
  private static final Duration KILLED_AT = Duration.ofSeconds(2);
  private static final Duration BACK_AT = Duration.ofSeconds(5);

  @TempDir
  static Path work;
  static KafkaCluster cluster;
  static KafkaSettings kafka;
  static HelpdeskSandbox sandbox;
  static RouterService router;
  static ConnectorHost connector;
  static IngressService ingress;
  static CapturedLogs logs;

  @BeforeAll
  static void startBatonOnTheCluster() throws Exception {
    long t0 = System.nanoTime();
    logs = CapturedLogs.start();
    cluster = KafkaCluster.start(3, work.resolve("kafka"));
    System.out.printf("three-node KRaft cluster formatted and started in %d ms%n",
        (System.nanoTime() - t0) / 1_000_000);
    kafka = KafkaSettings.fromEnv(Map.of("BATON_KAFKA_BOOTSTRAP", cluster.bootstrapServers(),
        "BATON_TOPIC_REPLICATION", "3"));
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(2)));
    router = new RouterService(RouterConfig.defaults().withApplicationId("cluster-router")
        .withStateDir(work.resolve("router-state").toString()), kafka);
    // The router's start waits for its group and its transactions' coordinator: the others start meanwhile.
    TopicProvisioner.ensure(kafka, Topics.all());
    CompletableFuture<Void> routing = CompletableFuture.runAsync(router::start);
    connector = SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()), kafka);
    connector.start();
    ingress = new IngressService(IngressConfig.fromEnv(DevCredentials.withDevDefaults(Map.of())).withPort(0)
        .withKafkaTimeout(Duration.ofSeconds(5)), kafka);
    ingress.start();
    routing.join();
    System.out.printf("Baton on it after %d ms%n", (System.nanoTime() - t0) / 1_000_000);
  }

  @AfterAll
  static void stopAll() throws Exception {
    for (AutoCloseable part : new AutoCloseable[] {ingress::stop, connector::stop, router::stop, sandbox, cluster}) {
      part.close();
    }
    logs.close();
  }

  @Test
  void aBrokerKilledMidStreamAndBroughtBackLosesDoublesAndReordersNothing() throws Exception {
    assertEveryTopicReplicatedThreeTimesWithTwoInSync();
    int controller = cluster.activeController();
    // the broker (not the controller) that leads most of the conversation inputs' partitions
    int victim = leaders(Topics.CONVERSATION_INPUTS.name()).entrySet().stream().filter(e -> e.getKey() != controller)
        .max(Map.Entry.comparingByValue()).orElseThrow().getKey();
    try (ChatTraffic traffic = new ChatTraffic(sandbox, ingressUrl(), "broker-kill-", CONVERSATIONS)) {
      traffic.openChats(new CommittedLog(kafka));
      traffic.start(PER_SECOND, TRAFFIC);
      traffic.await(KILLED_AT);
      cluster.kill(victim);
      Eventually.until(Duration.ofSeconds(20), "node " + victim + " out of every ISR",
          () -> !leaders(Topics.CONVERSATION_INPUTS.name()).containsKey(victim));
      traffic.await(BACK_AT);
      cluster.restart(victim);

      assertEquals(ChatTraffic.nothingWrong(), traffic.tally(new CommittedLog(kafka)));
    }
    assertServicesReady();
    cluster.awaitInSync(List.of(Topics.CONVERSATION_INPUTS.name(), Topics.CONVERSATION_EVENTS.name()));
  }

  @Test
  void theActiveControllerKilledMidStreamMovesAndNothingIsLostDoubledOrReordered() throws Exception {
    int controller = cluster.activeController();
    try (ChatTraffic traffic = new ChatTraffic(sandbox, ingressUrl(), "controller-kill-", CONVERSATIONS)) {
      traffic.openChats(new CommittedLog(kafka));
      traffic.start(PER_SECOND, TRAFFIC);
      traffic.await(KILLED_AT);
      cluster.kill(controller);
      Eventually.assertThat(Duration.ofSeconds(20),
          () -> assertNotEquals(controller, cluster.activeController(), "another node took over the quorum"));
      traffic.await(BACK_AT);
      cluster.restart(controller);

      assertEquals(ChatTraffic.nothingWrong(), traffic.tally(new CommittedLog(kafka)));
    }
    assertServicesReady();
    cluster.awaitInSync(List.of(Topics.CONVERSATION_INPUTS.name(), Topics.CONVERSATION_EVENTS.name()));
  }

  /**
   * Every service's readiness is UP again without a restart (the router's Streams back to RUNNING among them), and
   * none logged an error (what a loop that gave up for good does).
   */
  private static void assertServicesReady() {
    assertEquals(List.of(), logs.lines().stream().filter(line -> line.contains("\"level\":\"ERROR\"")).toList());
    Eventually.assertThat(Duration.ofSeconds(30), () -> {
      Map<String, Boolean> ready = new TreeMap<>();
      Operations.process().readiness().forEach((name, status) -> ready.put(name, status.up()));
      assertEquals(Map.of("connector-salesforce.commands", true, "ingress.conversation-log", true,
          "ingress.produce", true, "router.streams", true), filter(ready),
          Operations.process().readiness()
              .toString());
    });
  }

  private static Map<String, Boolean> filter(Map<String, Boolean> ready) {
    Map<String, Boolean> out = new TreeMap<>(ready);
    out.keySet().removeIf(name -> !name.endsWith(".commands") && !name.startsWith("ingress.produce")
        && !name.startsWith("ingress.conversation-log") && !name.startsWith("router."));
    return out;
  }

  /** Baton's topics and the router's changelogs: replication 3, min.insync.replicas 2. */
  private static void assertEveryTopicReplicatedThreeTimesWithTwoInSync() throws Exception {
    try (Admin admin = cluster.admin()) {
      List<String> names = admin.listTopics().names().get(10, TimeUnit.SECONDS).stream()
          .filter(n -> n.startsWith("conversation.") || n.startsWith("cluster-router-")).sorted().toList();
      assertEquals(true, names.contains("cluster-router-conversations-changelog"), names.toString());
      Map<String, TopicDescription> topics = admin.describeTopics(names).allTopicNames().get(10, TimeUnit.SECONDS);
      var configs = admin.describeConfigs(names.stream().map(n -> new org.apache.kafka.common.config.ConfigResource(
          org.apache.kafka.common.config.ConfigResource.Type.TOPIC, n)).toList()).all().get(10, TimeUnit.SECONDS);
      for (String name : names) {
        for (TopicPartitionInfo p : topics.get(name).partitions()) {
          assertEquals(3, p.replicas().size(), name + "-" + p.partition());
        }
        assertEquals("2", configs.entrySet().stream().filter(e -> e.getKey().name().equals(name)).findFirst()
            .orElseThrow().getValue().get("min.insync.replicas").value(), name);
      }
    }
  }

  /** How many partitions of {@code topic} each node leads. */
  private static Map<Integer, Integer> leaders(String topic) {
    try (Admin admin = cluster.admin()) {
      Map<Integer, Integer> led = new TreeMap<>();
      admin.describeTopics(List.of(topic)).allTopicNames().get(10, TimeUnit.SECONDS).get(topic).partitions()
          .forEach(p -> {
            if (p.leader() != null && !p.leader().isEmpty()) {
              led.merge(p.leader().id(), 1, Integer::sum);
            }
            p.isr().forEach(n -> led.putIfAbsent(n.id(), 0));
          });
      return led;
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static String ingressUrl() {
    return "http://localhost:" + ingress.port();
  }
}
