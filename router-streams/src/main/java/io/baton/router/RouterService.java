package io.baton.router;

import io.baton.operations.Operations;
import io.baton.operations.kafka.KafkaContact;
import io.baton.operations.kafka.StreamsReadiness;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.router.timers.ProducerTimerFirings;
import io.baton.router.timers.TimerFirings;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs the switchboard topology on Kafka Streams, with a producer that writes due timers to the input topic. */
public final class RouterService implements Service {
  private static final Logger log = LoggerFactory.getLogger(RouterService.class);
  /**
   * How long an idle poll blocks. Readers act on records before the commit, so a message's latency is the poll loop's,
   * not the commit interval's: keep it short.
   */
  static final long POLL_MS = 10;
  /** A stop waits this long for the stream threads to commit and close. */
  static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  private final RouterConfig config;
  private final KafkaSettings kafka;
  private final Function<TimerFirings, Topology> topology;
  private KafkaStreams streams;
  private KafkaStreamsMetrics streamsMeters;
  private ProducerTimerFirings firings;
  /** Its readiness check: Streams RUNNING and Kafka answering. */
  static final String READINESS = "router.streams";
  private StreamsReadiness readiness;

  public RouterService(RouterConfig config, KafkaSettings kafka) {
    this(config, kafka, firings -> RouterTopology.build(config, firings));
  }

  /** With another topology over the same firings (tests run variants of the router this way). */
  public RouterService(RouterConfig config, KafkaSettings kafka, Function<TimerFirings, Topology> topology) {
    this.config = config;
    this.kafka = kafka;
    this.topology = topology;
  }

  public static Properties streamsProperties(RouterConfig config, KafkaSettings kafka) {
    Properties p = kafka.adminProperties();
    p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
    p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir());
    p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, config.processingGuarantee());
    p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
    p.put(StreamsConfig.POLL_MS_CONFIG, POLL_MS);
    p.putAll(kafka.internalTopicConfigs()); // replication and min.insync.replicas of its changelogs
    p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterOnBadRecord.class);
    // Global stores get the processing exception handler too, as they will by default from Kafka 5.0 (without it,
    // Streams warns at every start).
    p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
    p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 0);
    p.put(StreamsConfig.consumerPrefix("fetch.max.wait.ms"), 50);
    // Static membership: a restarted router (same id) takes its partitions back at once, without a rebalance and
    // without waiting out the session timeout of its previous life. Streams adds the thread index to it.
    p.put(StreamsConfig.consumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), config.instanceId());
    return p;
  }

  @Override
  public synchronized void start() {
    TopicProvisioner.ensure(kafka, Topics.all());
    firings = new ProducerTimerFirings(kafka, config.applicationId() + "-" + config.instanceId() + "-timers");
    streams = new KafkaStreams(topology.apply(firings), streamsProperties(config, kafka));
    streams.setUncaughtExceptionHandler(DeadLetterOnBadRecord::afterThreadFailure);
    KafkaStreams mine = streams;
    StreamsReadiness ready = new StreamsReadiness(KafkaContact.of(mine::metrics));
    readiness = ready;
    Operations.process().ready(READINESS, ready);
    CountDownLatch running = new CountDownLatch(1);
    // Streams' own metrics and those of its clients: the input's records lag, commit and process rates.
    streamsMeters = new KafkaStreamsMetrics(streams, Tags.of("service", "router"));
    streamsMeters.bindTo(Operations.meters());
    streams.setStateListener((now, before) -> {
      ready.changed(now);
      if (now == KafkaStreams.State.RUNNING) {
        running.countDown();
      }
      log.info("router {} -> {}", before, now);
    });
    streams.start();
    try {
      if (!running.await(60, TimeUnit.SECONDS)) {
        KafkaStreams.State state = streams.state();
        if (!state.isRunningOrRebalancing()) {
          throw new IllegalStateException("the router did not reach RUNNING within 60 s (" + state + ")");
        }
        // Still trying (a broker finishing a crashed transaction can take longer on a loaded machine): carry on;
        // readiness says not ready until it runs. Exiting here took the whole local stack down after a kill -9.
        log.warn("the router is not RUNNING after 60 s ({}); going on, not ready until it is", state);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /**
   * Stops within {@link #CLOSE_TIMEOUT} and leaves the group: the partitions of a router that is not coming back move
   * at once, and one that restarts (the same instance id) joins an empty group without waiting for anything.
   */
  @Override
  public synchronized void stop() {
    if (readiness != null) {
      Operations.process().forget(READINESS, readiness);
      readiness = null;
    }
    if (streams != null) {
      if (!streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
          .withTimeout(CLOSE_TIMEOUT))) {
        log.warn("the router did not close within {}; its threads are left to the JVM", CLOSE_TIMEOUT);
      }
      streams = null;
    }
    if (streamsMeters != null) {
      streamsMeters.close();
      streamsMeters = null;
    }
    if (firings != null) {
      firings.close();
      firings = null;
    }
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()),
        new RouterService(RouterConfig.fromEnv(System.getenv()), KafkaSettings.fromEnv(System.getenv())));
  }
}
