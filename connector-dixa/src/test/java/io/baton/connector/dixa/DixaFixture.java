package io.baton.connector.dixa;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.AgentEvent;
import io.baton.events.Attachment;
import io.baton.events.ConnectorCommand;
import io.baton.events.DixaHandover;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SendVisitorMessage;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/** A broker, the sandbox's Dixa and a router stand-in that produces commands: what the Dixa tests share. */
final class DixaFixture implements AutoCloseable {
  static final Duration PATIENCE = Duration.ofSeconds(30);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  final KafkaBroker kafka;
  final KafkaSettings settings;
  final HelpdeskSandbox sandbox;
  final KafkaProducer<String, ConnectorCommand> commands;
  final String run = UUID.randomUUID().toString().substring(0, 6);

  DixaFixture(KafkaBroker kafka) {
    this.kafka = kafka;
    this.settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    commands = new KafkaProducer<>(settings.producerProperties("test-router-dixa"),
        Topics.connectorCommands(Platform.dixa).keySerde().serializer(),
        Topics.connectorCommands(Platform.dixa).valueSerde().serializer());
  }

  DixaConfig config(PlatformCalls.Limits limits) {
    return DixaConfig.of(sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0).withHost(HostConfig.defaults(limits));
  }

  DixaConnector connector(DixaConfig config) {
    DixaConnector connector = new DixaConnector(config, settings);
    connector.start();
    Eventually.until(PATIENCE, "the default connection active",
        () -> connector.connections() != null && connector.connections().isActive(DixaConfig.DEFAULT_CONNECTION));
    return connector;
  }

  static ConnectorCommand command(String conversation, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(Platform.dixa).setHandoverId("h-" + conversation)
        .setConnectionId("96f2fc68-beb0-48f4-9efc-78b399205e00").setCausationId(id).setBody(body).build();
  }

  /** The seed payload: tags, email, queue, widget. */
  static StartChat startChat(String email, String queueId, List<String> tags) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant("acme").setConversationId("ignored").setPlatform(Platform.dixa)
        .setConnectionId("96f2fc68-beb0-48f4-9efc-78b399205e00")
        .setPayload(DixaHandover.newBuilder().setWidgetId("a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a").setQueueId(queueId)
            .setTags(tags).setEmail(email).build())
        .setContext(VisitorContext.newBuilder().setName("Ann").setEmail(email).build())
        .build();
    return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.EPOCH),
        new TranscriptEntry(TranscriptRole.bot, "Connecting you to an agent", Instant.EPOCH.plusSeconds(1))));
  }

  void send(String conversation, ConnectorCommand command) {
    try {
      commands.send(new ProducerRecord<>(Topics.connectorCommands(Platform.dixa).name(), "acme/" + conversation,
          command)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  void start(String conversation, String email) {
    send(conversation, command(conversation, "start-" + conversation,
        startChat(email, DixaSimulator.DEFAULT_QUEUE, List.of("some", "tag"))));
  }

  void say(String conversation, String commandId, String text, List<Attachment> attachments) {
    send(conversation, command(conversation, commandId, new SendVisitorMessage(new VisitorMessage(text, attachments))));
  }

  /** The Dixa conversation of a handover, once it is in the queue (tagged and all). */
  DixaConversation queued(String conversation) {
    DixaConversation[] found = new DixaConversation[1];
    Eventually.until(PATIENCE, conversation + " queued in Dixa", () -> sandbox.dixa().conversations().stream()
        .filter(c -> c.externalId() != null && c.externalId().equals("h-" + conversation)
            && DixaSimulator.DEFAULT_QUEUE.equals(c.queueId()))
        .findFirst().map(c -> found[0] = c).isPresent());
    return found[0];
  }

  List<DixaConversation> conversationsOf(String conversation) {
    return sandbox.dixa().conversations().stream().filter(c -> ("h-" + conversation).equals(c.externalId())).toList();
  }

  /** Every agent event of the conversation on Kafka, as written: nothing deduplicated here. */
  List<Object> agentEventsOf(String conversation, int expected) {
    return kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer(),
        read -> read.stream().filter(r -> r.key().equals("acme/" + conversation)).count() >= expected, PATIENCE)
        .stream().filter(r -> r.key().equals("acme/" + conversation)).map(r -> r.value().getBody()).toList();
  }

  List<Object> allAgentEventsOf(String conversation) {
    return kafka.readAll(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals("acme/" + conversation)).map(r -> (Object) r.value().getBody()).toList();
  }

  List<ConsumerRecord<String, AgentEvent>> allAgentEvents() {
    return kafka.readAll(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer());
  }

  List<PlatformLink> linksOf(String conversation) {
    var topic = Topics.connectorLinks(Platform.dixa);
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals("acme/" + conversation) && r.value() != null).map(ConsumerRecord::value).toList();
  }

  /** POSTs a webhook straight to the connector, as an attacker or a replaying proxy would. */
  static int post(DixaConnector connector, String body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + connector.webhookPort()
        + "/webhooks/dixa/" + DixaConfig.DEFAULT_CONNECTION)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-DIXA-SIGNATURE", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Override
  public void close() {
    commands.close();
    sandbox.close();
  }
}
