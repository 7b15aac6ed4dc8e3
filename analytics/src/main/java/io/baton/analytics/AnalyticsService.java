package io.baton.analytics;

import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.errors.LogAndContinueExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the analytics stream ({@link AnalyticsTopology}) on Kafka Streams, exactly once: it reads only the router's
 * committed records and commits its facts with its offsets, so a crash neither loses nor doubles a count.
 */
public final class AnalyticsService implements Service {
  private static final Logger log = LoggerFactory.getLogger(AnalyticsService.class);
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private final AnalyticsConfig config;
  private final KafkaSettings kafka;
  private KafkaStreams streams;

  public AnalyticsService(AnalyticsConfig config, KafkaSettings kafka) {
    this.config = config;
    this.kafka = kafka;
  }

  public static Properties streamsProperties(AnalyticsConfig config, KafkaSettings kafka) {
    Properties p = kafka.adminProperties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) kafka.replicationFactor());
    // A log record it cannot read is logged with its offset and skipped: the router's service is not held up by it.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (config.instanceId() != null && !config.instanceId().isBlank()) {
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
    }
    return p;
  }

  @Override
  public synchronized void start() {
    TopicProvisioner.ensure(kafka, Topics.all());
    streams = new KafkaStreams(AnalyticsTopology.build(), streamsProperties(config, kafka));
    CountDownLatch running = new CountDownLatch(1);
    streams.setStateListener((now, before) -> {
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      log.info("analytics {} -> {}", before, now);
    });
    streams.start();
    try {
      if (!running.await(60, TimeUnit.SECONDS)) {
        throw new IllegalStateException("the analytics stream did not reach RUNNING within 60 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public synchronized void stop() {
    if (streams != null) {
      if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(CLOSE_TIMEOUT))) {
        log.warn("the analytics stream did not close within {}", CLOSE_TIMEOUT);
      }
      streams = null;
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(
        new AnalyticsService(AnalyticsConfig.fromEnv(System.getenv()), KafkaSettings.fromEnv(System.getenv())));
  }
}
