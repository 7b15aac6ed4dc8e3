package io.baton.testkit.cluster;

import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.Uuid;

/**
 * A real Kafka cluster of combined broker+controller KRaft nodes, each in a JVM of its own ({@link KraftNode}), for
 * tests of what survives a broker's death: a node is killed with SIGKILL (no controlled shutdown, no leadership
 * handed over, as a crashed machine) and started again on the same ports and data. Every node is a voter, so with
 * three the active controller can be killed and another takes over. With three nodes the cluster's own topics
 * (offsets, transactions) and its default for new topics are replication 3, {@code min.insync.replicas} 2.
 */
public final class KafkaCluster implements AutoCloseable {
  /** A node's JVM starts in seconds, but a loaded 2-core machine can take a minute. */
  private static final Duration PATIENCE = Duration.ofSeconds(120);
  private final Path dir;
  private final List<Node> nodes;

  private KafkaCluster(Path dir, List<Node> nodes) {
    this.dir = dir;
    this.nodes = nodes;
  }

  /** Formats and starts {@code size} nodes under {@code dir}, and waits until every one is an unfenced broker. */
  public static KafkaCluster start(int size, Path dir) throws IOException {
    List<Node> nodes = new ArrayList<>();
    for (int id = 1; id <= size; id++) {
      nodes.add(new Node(id, freePort(), freePort()));
    }
    KafkaCluster cluster = new KafkaCluster(dir, nodes);
    String clusterId = Uuid.randomUuid().toString();
    for (Node node : nodes) {
      cluster.format(node, clusterId);
    }
    for (Node node : nodes) {
      cluster.launch(node);
    }
    for (Node node : nodes) {
      awaitListening(node.port);
    }
    cluster.awaitBrokers(size);
    return cluster;
  }

  public String bootstrapServers() {
    return nodes.stream().map(n -> "localhost:" + n.port).collect(Collectors.joining(","));
  }

  /** The node ids, 1 to size. */
  public List<Integer> nodeIds() {
    return nodes.stream().map(n -> n.id).toList();
  }

  /** A new admin client; the caller closes it. */
  public Admin admin() {
    return Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers(),
        AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000));
  }

  /** The node that is the active controller now (the leader of the metadata quorum). */
  public int activeController() {
    try (Admin admin = admin()) {
      return admin.describeMetadataQuorum().quorumInfo().get(10, TimeUnit.SECONDS).leaderId();
    } catch (Exception e) {
      throw new IllegalStateException("no answer about the metadata quorum", e);
    }
  }

  /** SIGKILL to a node: its broker and its controller die at once, mid-write. */
  public void kill(int nodeId) throws InterruptedException {
    node(nodeId).process.kill();
  }

  /** A clean stop of a node (SIGTERM: controlled shutdown, leadership handed over). */
  public void stop(int nodeId) throws InterruptedException {
    node(nodeId).process.terminate(Duration.ofSeconds(30));
  }

  /** Starts a killed or stopped node again on its ports and data; returns once it is a broker of the cluster again. */
  public void restart(int nodeId) throws IOException {
    Node node = node(nodeId);
    if (node.process != null && node.process.alive()) {
      throw new IllegalStateException("node " + nodeId + " still runs");
    }
    long t0 = System.nanoTime();
    launch(node);
    awaitListening(node.port);
    awaitBrokers(nodes.size());
    System.out.printf("node %d of the cluster back in %d ms%n", nodeId, (System.nanoTime() - t0) / 1_000_000);
  }

  /** Waits until every partition of {@code topics} has all its replicas in sync again (after a restart). */
  public void awaitInSync(List<String> topics) {
    try (Admin admin = admin()) {
      Eventually.assertThat(PATIENCE, () -> {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(10,
            TimeUnit.SECONDS);
        List<String> behind = described.values().stream().flatMap(t -> t.partitions().stream()
            .filter(p -> p.isr().size() < p.replicas().size()).map(p -> t.name() + "-" + p.partition())).toList();
        if (!behind.isEmpty()) {
          throw new AssertionError("partitions with replicas out of sync: " + behind);
        }
      });
    }
  }

  /** What a node wrote so far (for a failing test's message). */
  public String output(int nodeId) throws IOException {
    return node(nodeId).process == null ? "" : node(nodeId).process.output();
  }

  private Node node(int id) {
    return nodes.stream().filter(n -> n.id == id).findFirst()
        .orElseThrow(() -> new IllegalArgumentException("no node " + id));
  }

  private Path nodeDir(Node node) {
    return dir.resolve("node-" + node.id);
  }

  private void format(Node node, String clusterId) throws IOException {
    Path config = nodeDir(node).resolve("server.properties");
    Files.createDirectories(config.getParent());
    try (OutputStream out = Files.newOutputStream(config)) {
      serverProperties(node).store(out, "node " + node.id + " of a test cluster");
    }
    ByteArrayOutputStream output = new ByteArrayOutputStream();
    int rc = StorageTool.execute(new String[] {"format", "-t", clusterId, "-c", config.toString()},
        new PrintStream(output, true, StandardCharsets.UTF_8));
    if (rc != 0) {
      throw new IllegalStateException("formatting node " + node.id + " failed: " + output);
    }
  }

  private void launch(Node node) throws IOException {
    node.process = ChildJvm.start(KraftNode.class,
        Map.of(KraftNode.CONFIG, nodeDir(node).resolve("server.properties").toString()),
        dir.resolve("node-" + node.id + ".log"));
  }

  private void awaitBrokers(int count) {
    try (Admin admin = admin()) {
      Eventually.assertThat(PATIENCE, () -> {
        int registered = admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).size();
        if (registered != count) {
          throw new AssertionError(registered + " of " + count + " brokers registered");
        }
      });
    }
  }

  Properties serverProperties(Node node) {
    int replication = Math.min(3, nodes.size());
    String minIsr = Integer.toString(Math.max(1, replication - 1));
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", Integer.toString(node.id));
    p.put("controller.quorum.voters",
        nodes.stream().map(n -> n.id + "@localhost:" + n.controllerPort).collect(Collectors.joining(",")));
    p.put("listeners", "PLAINTEXT://localhost:" + node.port + ",CONTROLLER://localhost:" + node.controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + node.port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", nodeDir(node).resolve("data").toAbsolutePath().toString());
    p.put("auto.create.topics.enable", "false");
    p.put("default.replication.factor", Integer.toString(replication));
    p.put("min.insync.replicas", minIsr);
    p.put("offsets.topic.replication.factor", Integer.toString(replication));
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.replication.factor", Integer.toString(replication));
    p.put("transaction.state.log.min.isr", minIsr);
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.replication.factor", Integer.toString(replication));
    p.put("share.coordinator.state.topic.min.isr", minIsr);
    p.put("share.coordinator.state.topic.num.partitions", "1");
    // Three nodes share a test machine's cores: fewer request and background threads than a server's defaults.
    p.put("num.network.threads", "2");
    p.put("num.io.threads", "2");
    p.put("background.threads", "2");
    p.put("group.initial.rebalance.delay.ms", "0");
    p.put("group.min.session.timeout.ms", "1000");
    // A dead node is fenced (and leaves every ISR) 2 s after its last heartbeat instead of 9 s, and a killed node
    // restarted can register again as soon as its previous life's session expired.
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "2000");
    return p;
  }

  @Override
  public void close() throws Exception {
    for (Node node : nodes) {
      if (node.process != null) {
        node.process.close();
      }
    }
  }

  /** Until the node's broker port takes connections (an admin client asking before would warn at every try). */
  private static void awaitListening(int port) {
    Eventually.until(PATIENCE, "a broker listening on " + port, () -> {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("localhost", port), 500);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  private static final class Node {
    final int id;
    final int port;
    final int controllerPort;
    ChildJvm process;

    Node(int id, int port, int controllerPort) {
      this.id = id;
      this.port = port;
      this.controllerPort = controllerPort;
    }
  }
}
