package io.baton.analytics;

import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import io.baton.operations.Operations;
import io.baton.operations.kafka.KafkaContact;
import io.baton.operations.kafka.StreamsReadiness;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
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
  /** Its readiness check: Streams RUNNING and Kafka answering. */
  static final String READINESS = "analytics.streams";
  private StreamsReadiness readiness;
  private KafkaStreamsMetrics streamsMeters;

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
    p.putAll(kafka.internalTopicConfigs()); // replication and min.insync.replicas of its changelogs
    // A log record it cannot read is logged with its offset and skipped: the router's service is not held up by it.
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, LogAndContinueExceptionHandler.class);
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
    if (config.instanceId() != null && !config.instanceId().isBlank()) {
      p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
    }
    return p;
  }

  /**
   * Starts the stream and returns: nothing waits for the facts, which catch up with the log on their own, so a stack's
   * start is not held up by this group's join or a store's restore.
   */
  @Override
  public synchronized void start() {
    // its own two topics only: the router provisions the rest, and a start that asks for all of them costs seconds
    TopicProvisioner.ensure(kafka, List.<TopicSpec<?, ?>>of(Topics.CONVERSATION_EVENTS, Topics.ANALYTICS_HANDOVERS));
    streams = new KafkaStreams(AnalyticsTopology.build(), streamsProperties(config, kafka));
    KafkaStreams mine = streams;
    StreamsReadiness ready = new StreamsReadiness(KafkaContact.of(mine::metrics));
    readiness = ready;
    Operations.process().ready(READINESS, ready);
    streamsMeters = new KafkaStreamsMetrics(streams, Tags.of("service", "analytics"));
    streamsMeters.bindTo(Operations.meters());
    streams.setStateListener((now, before) -> {
      ready.changed(now);
      if (now == KafkaStreams.State.ERROR) {
        log.error("the analytics stream stopped on an error: analytics.handovers.v1 is no longer written");
      } else {
        log.info("analytics {} -> {}", before, now);
      }
    });
    streams.start();
  }

  @Override
  public synchronized void stop() {
    if (readiness != null) {
      Operations.process().forget(READINESS, readiness);
      readiness = null;
    }
    if (streamsMeters != null) {
      streamsMeters.close();
      streamsMeters = null;
    }
    if (streams != null) {
      if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(CLOSE_TIMEOUT))) {
        log.warn("the analytics stream did not close within {}", CLOSE_TIMEOUT);
      }
      streams = null;
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()),
        new AnalyticsService(AnalyticsConfig.fromEnv(System.getenv()), KafkaSettings.fromEnv(System.getenv())));
  }
}
