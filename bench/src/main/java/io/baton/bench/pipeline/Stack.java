package io.baton.bench.pipeline;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.ingress.DevCredentials;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import io.baton.testkit.KafkaBroker;
import org.apache.kafka.streams.StreamsConfig;

/**
 * Baton in this process, wired as {@code ./baton up} wires it (local-stack's dev keys, the connector pointed at the
 * sandbox), on a fresh in-process KRaft broker. The router's guarantee and commit interval are the variant under
 * test; everything else is each service's default configuration.
 */
final class Stack implements AutoCloseable {
  final KafkaBroker broker;
  final KafkaSettings kafka;
  final HelpdeskSandbox sandbox;
  final RouterConfig routerConfig;
  final IngressConfig ingressConfig;
  final SalesforceConfig salesforceConfig;
  RouterService router;
  ConnectorHost connector;
  IngressService ingress;

  private Stack(KafkaBroker broker, Path work, String guarantee, long commitMs) {
    this.broker = broker;
    this.kafka = KafkaSettings.of(broker.bootstrapServers());
    this.sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    RouterConfig base = RouterConfig.defaults().withApplicationId("bench-router")
        .withStateDir(work.resolve("router-state").toString()).withProcessingGuarantee(guarantee);
    this.routerConfig = new RouterConfig(base.applicationId(), base.stateDir(), guarantee, commitMs,
        base.transcriptLength(), base.queueTimeout(), base.visitorIdleTimeout(), base.agentIdleTimeout(),
        base.retention(), base.dedupWindow(), base.timerInterval());
    this.ingressConfig = IngressConfig.fromEnv(DevCredentials.withDevDefaults(Map.of())).withPort(0);
    this.salesforceConfig = SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl());
  }

  /** A broker and the sandbox only (baselines). */
  static Stack brokerOnly(Path work, String guarantee, long commitMs) throws Exception {
    Stack stack = new Stack(KafkaBroker.start(), work, guarantee, commitMs);
    TopicProvisioner.ensure(stack.kafka, Topics.all());
    return stack;
  }

  /** Broker, sandbox, router, Salesforce connector and ingress. */
  static Stack full(Path work, String guarantee, long commitMs) throws Exception {
    return start(work, guarantee, commitMs, true);
  }

  /** Broker, sandbox, router and ingress: the connector runs elsewhere (a {@link ChildService}). */
  static Stack withoutConnector(Path work, String guarantee, long commitMs) throws Exception {
    return start(work, guarantee, commitMs, false);
  }

  private static Stack start(Path work, String guarantee, long commitMs, boolean connector) throws Exception {
    Stack stack = brokerOnly(work, guarantee, commitMs);
    stack.router = new RouterService(stack.routerConfig, stack.kafka);
    stack.router.start();
    if (connector) {
      stack.connector = SalesforceConnector.liveAgent(stack.salesforceConfig, stack.kafka);
      stack.connector.start();
    }
    stack.ingress = new IngressService(stack.ingressConfig, stack.kafka);
    stack.ingress.start();
    return stack;
  }

  String ingressUrl() {
    return "http://localhost:" + ingress.port();
  }

  /** What each service is configured with, read from the properties the services build themselves. */
  Map<String, Object> settings() {
    Properties streams = RouterService.streamsProperties(routerConfig, kafka);
    Properties producer = kafka.producerProperties("x");
    Properties consumer = kafka.uncommittedConsumerProperties("x", "x");
    Map<String, Object> s = new LinkedHashMap<>();
    s.put("router.processing.guarantee", streams.get(StreamsConfig.PROCESSING_GUARANTEE_CONFIG));
    s.put("router.commit.interval.ms", streams.get(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG));
    s.put("router.poll.ms", streams.get(StreamsConfig.POLL_MS_CONFIG));
    s.put("router.producer.linger.ms", streams.get(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG)));
    s.put("router.consumer.fetch.max.wait.ms", streams.get(StreamsConfig.consumerPrefix("fetch.max.wait.ms")));
    s.put("producers.linger.ms (ingress, connector)", producer.get(ProducerConfig.LINGER_MS_CONFIG));
    s.put("producers.acks", producer.get(ProducerConfig.ACKS_CONFIG));
    s.put("consumers.fetch.max.wait.ms (connector, gateway)", consumer.get(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG));
    s.put("consumers.isolation.level (of the router's output: gateway, connector, webhooks)",
        consumer.get(ConsumerConfig.ISOLATION_LEVEL_CONFIG));
    PlatformCalls.Limits limits = salesforceConfig.host().calls();
    s.put("connector.rate.per.org.per.s", limits.perSecond());
    s.put("connector.max.in.flight", salesforceConfig.host().maxInFlight());
    s.put("sandbox.long.poll.hold.s", 30);
    return s;
  }

  String settingsLine() {
    StringBuilder b = new StringBuilder("Settings: ");
    settings().forEach((k, v) -> b.append(k).append('=').append(v).append("; "));
    return b.substring(0, b.length() - 2) + ".";
  }

  @Override
  public void close() throws Exception {
    if (ingress != null) {
      ingress.stop();
    }
    if (connector != null) {
      connector.stop();
    }
    if (router != null) {
      router.stop();
    }
    sandbox.close();
    broker.close();
  }

}
