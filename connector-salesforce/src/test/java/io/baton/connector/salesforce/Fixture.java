package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.AgentEvent;
import io.baton.events.ConnectorCommand;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A broker, the sandbox and a router stand-in that produces commands: what the connector tests share. */
final class Fixture implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final Duration HOLD = Duration.ofMillis(400);

  final KafkaBroker kafka;
  final KafkaSettings settings;
  final HelpdeskSandbox sandbox;
  final KafkaProducer<String, ConnectorCommand> commands;

  Fixture(KafkaBroker kafka) {
    this(kafka, HOLD);
  }

  Fixture(KafkaBroker kafka, Duration hold) {
    this.kafka = kafka;
    this.settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(hold)
        .withSessionTimeout(Duration.ofSeconds(30)));
    commands = new KafkaProducer<>(settings.producerProperties("test-router"),
        Topics.connectorCommands(Platform.salesforce).keySerde().serializer(),
        Topics.connectorCommands(Platform.salesforce).valueSerde().serializer());
  }

  /** Resumed chats wait out one poll hold of the sandbox before polling, as they wait out Salesforce's. */
  SalesforceConfig config(PlatformCalls.Limits limits) {
    return SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl()).withResumePollDelay(HOLD.plusMillis(200))
        .withHost(HostConfig.defaults(limits));
  }

  ConnectorHost connector(SalesforceConfig config) {
    ConnectorHost host = SalesforceConnector.liveAgent(config, settings);
    host.start();
    return host;
  }

  static ConnectorCommand command(String conversation, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(Platform.salesforce).setHandoverId("h-" + conversation)
        .setCausationId(id).setBody(body).build();
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

  void send(String conversation, ConnectorCommand command) {
    try {
      commands.send(new ProducerRecord<>(Topics.connectorCommands(Platform.salesforce).name(), "acme/" + conversation,
          command)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void start(String conversation, String visitorName) {
    send(conversation, command(conversation, "start-" + conversation, startChat(visitorName, "573" + visitorName)));
  }

  void say(String conversation, String commandId, String text) {
    send(conversation, command(conversation, commandId, new SendVisitorMessage(new VisitorMessage(text, List.of()))));
  }

  LiveAgentChat chatOf(String visitorName, ChatStatus status) {
    LiveAgentChat[] found = new LiveAgentChat[1];
    Eventually.until(PATIENCE, visitorName + "'s chat " + status, () -> sandbox.liveAgent().chats().stream()
        .filter(c -> c.visitorName().equals(visitorName) && c.status() == status).findFirst()
        .map(c -> found[0] = c).isPresent());
    return found[0];
  }

  List<String> transcript(String sessionId) {
    return sandbox.liveAgent().chat(sessionId).orElseThrow().transcript().stream()
        .map(l -> l.from() + ":" + l.text()).toList();
  }

  /** Every agent event of the conversation on Kafka, as written: nothing deduplicated here. */
  List<Object> agentEventsOf(String conversation, int expected) {
    return kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer(),
        read -> read.stream().filter(r -> r.key().equals("acme/" + conversation)).count() >= expected, PATIENCE)
        .stream().filter(r -> r.key().equals("acme/" + conversation)).map(r -> r.value().getBody()).toList();
  }

  List<ConsumerRecord<String, AgentEvent>> allAgentEvents() {
    return kafka.readAll(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer());
  }

  @Override
  public void close() {
    commands.close();
    sandbox.close();
  }
}
