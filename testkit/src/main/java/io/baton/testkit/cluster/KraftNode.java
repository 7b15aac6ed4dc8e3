package io.baton.testkit.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.common.utils.Time;

/**
 * One combined broker and controller of a {@link KafkaCluster}, as the {@code main} of a JVM of its own, so that the
 * test can kill it with SIGKILL like a crashed machine. Its configuration is the properties file named by
 * {@code KRAFT_NODE_CONFIG}; its storage was formatted by the cluster before the first start.
 */
public final class KraftNode {
  static final String CONFIG = "KRAFT_NODE_CONFIG";

  private KraftNode() {}

  public static void main(String[] args) throws IOException {
    Properties props = new Properties();
    try (InputStream in = Files.newInputStream(Path.of(System.getenv(CONFIG)))) {
      props.load(in);
    }
    KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
    // A stop (SIGTERM) is a clean shutdown; a kill (SIGKILL) is not, which is the point of a kill.
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.shutdown();
      server.awaitShutdown();
    }, "kraft-node-shutdown"));
    server.startup();
    server.awaitShutdown();
  }
}
