package io.baton.local;

import io.baton.service.Service;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;

/**
 * A real single-node Kafka broker in KRaft mode (combined broker and controller), started from the Kafka jars in this
 * JVM: no Docker, no download. Data lives under {@code <dir>/data} and survives restarts; the storage is formatted once.
 */
public final class KraftBroker implements Service {
  /** One segment of a partition's log. */
  static final long LOG_SEGMENT_BYTES = 2L << 20;
  /** The most a partition of a delete topic keeps in closed segments. */
  static final long LOG_RETENTION_BYTES = 8L << 20;
  private final Path dir;
  private final int port;
  private final int controllerPort;
  private KafkaRaftServer server;

  public KraftBroker(Path dir, int port, int controllerPort) {
    this.dir = dir;
    this.port = port;
    this.controllerPort = controllerPort;
  }

  public String bootstrapServers() {
    return "localhost:" + port;
  }

  Properties serverProperties() {
    Properties p = new Properties();
    p.put("process.roles", "broker,controller");
    p.put("node.id", "1");
    p.put("controller.quorum.bootstrap.servers", "localhost:" + controllerPort);
    p.put("listeners", "PLAINTEXT://localhost:" + port + ",CONTROLLER://localhost:" + controllerPort);
    p.put("advertised.listeners", "PLAINTEXT://localhost:" + port);
    p.put("controller.listener.names", "CONTROLLER");
    p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
    p.put("inter.broker.listener.name", "PLAINTEXT");
    p.put("log.dirs", dir.resolve("data").toAbsolutePath().toString());
    p.put("auto.create.topics.enable", "false"); // topics come from Baton's catalogue
    p.put("num.partitions", "1");
    p.put("offsets.topic.replication.factor", "1");
    p.put("transaction.state.log.replication.factor", "1");
    p.put("transaction.state.log.min.isr", "1");
    p.put("share.coordinator.state.topic.replication.factor", "1");
    p.put("share.coordinator.state.topic.min.isr", "1");
    p.put("group.initial.rebalance.delay.ms", "0");
    // A restart after a crash: the controller keeps the previous life's registration until its session times out,
    // and the broker cannot register again before (9 s by default). One node on a laptop: 2 s is plenty.
    p.put("broker.heartbeat.interval.ms", "500");
    p.put("broker.session.timeout.ms", "2000");
    // Bounded data on a laptop. Topics set their own retention.ms (the catalogue, Topics), so the bound is in bytes:
    // each partition of a delete topic keeps at most LOG_RETENTION_BYTES in closed segments of LOG_SEGMENT_BYTES, plus
    // the segment being written (compacted topics are cleaned instead: the latest value of each key stays). Index
    // files are allocated whole for each segment: small segments need small ones (10 MB each by default).
    p.put("log.segment.bytes", Long.toString(LOG_SEGMENT_BYTES));
    p.put("log.retention.bytes", Long.toString(LOG_RETENTION_BYTES));
    p.put("log.index.size.max.bytes", Integer.toString(64 * 1024));
    p.put("log.retention.check.interval.ms", "60000");
    // Fewer partitions for the broker's own topics (50 each by default: files, memory and start time on a laptop).
    p.put("offsets.topic.num.partitions", "6");
    p.put("transaction.state.log.num.partitions", "6");
    p.put("share.coordinator.state.topic.num.partitions", "1");
    return p;
  }

  @Override
  public void start() {
    try {
      Files.createDirectories(dir);
      Properties props = serverProperties();
      if (!Files.exists(dir.resolve("data").resolve("meta.properties"))) {
        Path config = dir.resolve("server.properties");
        try (OutputStream out = Files.newOutputStream(config)) {
          props.store(out, "written by Baton's local stack");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        int rc = StorageTool.execute(new String[] {"format", "-t", Uuid.randomUuid().toString(), "-c",
            config.toString(), "--standalone"}, new PrintStream(output, true, StandardCharsets.UTF_8));
        if (rc != 0) {
          throw new IllegalStateException(
              "formatting Kafka storage failed: " + output.toString(StandardCharsets.UTF_8));
        }
      }
      server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
      server.startup();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void stop() {
    if (server != null) {
      server.shutdown();
      server.awaitShutdown();
      server = null;
    }
  }
}
