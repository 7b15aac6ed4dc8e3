package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * What only the Salesforce tests need on top of {@link ConnectorFixture}: the sandbox with a short Live Agent poll
 * hold, the connector's settings for it, the Live Agent seed payload and the sandbox's Live Agent chats.
 */
final class SalesforceSeeds {
  static final Duration PATIENCE = ConnectorFixture.PATIENCE;
  static final Duration HOLD = Duration.ofMillis(400);

  private SalesforceSeeds() {}

  static ConnectorFixture fixture(KafkaBroker broker) {
    return fixture(broker, HOLD);
  }

  static ConnectorFixture fixture(KafkaBroker broker, Duration hold) {
    return new ConnectorFixture(broker, Platform.salesforce, null,
        c -> c.withLongPollHold(hold).withSessionTimeout(Duration.ofSeconds(30)));
  }

  /** Resumed chats wait out one poll hold of the sandbox before polling, as they wait out Salesforce's. */
  static SalesforceConfig config(ConnectorFixture fx, PlatformCalls.Limits limits) {
    return SalesforceConfig.forLiveAgentUrl(fx.sandbox.liveAgentRestUrl()).withResumePollDelay(HOLD.plusMillis(200))
        .withHost(HostConfig.defaults(limits));
  }

  static ConnectorHost connector(ConnectorFixture fx, SalesforceConfig config) {
    ConnectorHost host = SalesforceConnector.liveAgent(config, fx.settings);
    host.start();
    return host;
  }

  /**
   * The Live Agent connector as production runs it, in a JVM of its own on the fixture's broker and sandbox, with
   * {@code extra} settings (a crash point); the group notices it dead 3 s after a kill.
   */
  static ChildJvm connectorJvm(ConnectorFixture fx, SalesforceConfig config, String instanceId,
      Map<String, String> extra, Path log) throws IOException {
    Map<String, String> env = new HashMap<>(extra);
    env.put("BATON_KAFKA_BOOTSTRAP", fx.kafka.bootstrapServers());
    env.put("BATON_KAFKA_SESSION_TIMEOUT_MS", "3000"); // a killed instance's partitions move on soon
    env.put("BATON_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("BATON_SALESFORCE_LIVEAGENT_URL", fx.sandbox.liveAgentRestUrl());
    env.put("BATON_SALESFORCE_RESUME_POLL_DELAY_MS", Long.toString(config.resumePollDelay().toMillis()));
    env.put("BATON_CONNECTOR_INSTANCE_ID", instanceId);
    return ChildJvm.start(SalesforceConnector.class, env, log);
  }

  static StartChat startChat(String visitorName, String buttonId) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant("acme").setConversationId("ignored").setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D6g000003Q6HI")
            .setDeploymentId("5726g000000k9nQ").setButtonId(buttonId)
            .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("en-US").setIsPost(true)
            .build())
        .setContext(VisitorContext.newBuilder().setName(visitorName)
            .setPageProperties(Map.of("userAgent", "UA/1", "screenRes", "800x600")).build())
        .build();
    return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "help", Instant.EPOCH)));
  }

  static void start(ConnectorFixture fx, String conversation, String visitorName) {
    fx.start(conversation, startChat(visitorName, "573" + visitorName));
  }

  static LiveAgentChat chatOf(ConnectorFixture fx, String visitorName, ChatStatus status) {
    LiveAgentChat[] found = new LiveAgentChat[1];
    Eventually.until(PATIENCE, visitorName + "'s chat " + status, () -> fx.sandbox.liveAgent().chats().stream()
        .filter(c -> c.visitorName().equals(visitorName) && c.status() == status).findFirst()
        .map(c -> found[0] = c).isPresent());
    return found[0];
  }

  static List<String> transcript(ConnectorFixture fx, String sessionId) {
    return fx.sandbox.liveAgent().chat(sessionId).orElseThrow().transcript().stream()
        .map(l -> l.from() + ":" + l.text()).toList();
  }
}
