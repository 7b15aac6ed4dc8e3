package io.baton.router;

import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the switchboard topology on Kafka Streams. */
public final class RouterService implements Service {
  private static final Logger log = LoggerFactory.getLogger(RouterService.class);
  private final RouterConfig config;
  private final KafkaSettings kafka;
  private KafkaStreams streams;

  public RouterService(RouterConfig config, KafkaSettings kafka) {
    this.config = config;
    this.kafka = kafka;
  }

  public static Properties streamsProperties(RouterConfig config, KafkaSettings kafka) {
    Properties p = kafka.adminProperties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    // A commit happens between polls: an idle poll blocking its default 100 ms would hold a transaction that long.
    p.put(StreamsConfig.POLL_MS_CONFIG, Math.max(5, Math.min(100, config.commitIntervalMs() / 2)));
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    p.put(StreamsConfig.consumerPrefix("fetch.max.wait.ms"), 50);
    return p;
  }

  @Override
  public synchronized void start() {
    TopicProvisioner.ensure(kafka, Topics.all());
    streams = new KafkaStreams(RouterTopology.build(config), streamsProperties(config, kafka));
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      log.info("router {} -> {}", before, now);
    });
    streams.start();
    try {
      if (!running.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the router did not reach RUNNING within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      streams.close(Duration.ofSeconds(30));
      streams = null;
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(
        new RouterService(RouterConfig.fromEnv(System.getenv()), KafkaSettings.fromEnv(System.getenv())));
  }
}
