package io.baton.connector.testkit;

import io.baton.events.AgentEvent;
import io.baton.events.Attachment;
import io.baton.events.ConnectorCommand;
import io.baton.events.EndChat;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.testkit.KafkaBroker;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What every connector test shares: a broker's settings with every topic provisioned, one helpdesk sandbox, a router
 * stand-in producing {@link ConnectorCommand}s for one {@link Platform} (tenant {@code acme}, key
 * {@code acme/<conversation>}, handover {@code h-<conversation>}), raw readers of agent.events.v1 and the platform's
 * links per conversation, and a unique run id for names.
 */
public final class ConnectorFixture implements AutoCloseable {
  public static final Duration PATIENCE = Duration.ofSeconds(30);
  public static final String TENANT = "acme";

  public final KafkaBroker kafka;
  public final KafkaSettings settings;
  public final HelpdeskSandbox sandbox;
  public final Platform platform;
  /** Unique per fixture: put it in conversation ids, visitor names and emails. */
  public final String run = UUID.randomUUID().toString().substring(0, 6);
  private final String connectionId;
  private final KafkaProducer<String, ConnectorCommand> commands;

  /** A fixture with the sandbox's default settings and commands without a connection id. */
  public ConnectorFixture(KafkaBroker kafka, Platform platform) {
    this(kafka, platform, null, UnaryOperator.identity());
  }

  /**
   * @param connectionId the connection every command names (null for none)
   * @param sandboxConfig adjusts the sandbox's settings (port 0 already), e.g. Live Agent's poll hold
   */
  public ConnectorFixture(KafkaBroker kafka, Platform platform, String connectionId,
      UnaryOperator<SandboxConfig> sandboxConfig) {
    this.kafka = kafka;
    this.platform = platform;
    this.connectionId = connectionId;
    this.settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    sandbox = HelpdeskSandbox.start(sandboxConfig.apply(SandboxConfig.defaults().withPort(0)));
    commands = new KafkaProducer<>(settings.producerProperties("test-router-" + platform + "-" + run),
        Topics.connectorCommands(platform).keySerde().serializer(),
        Topics.connectorCommands(platform).valueSerde().serializer());
  }

  /** The agent desk of one of the sandbox's simulators ({@code liveagent}, {@code miaw}, {@code dixa}). */
  public AgentDesk desk(String simulator) {
    return sandbox.desk(simulator);
  }

  public static String key(String conversation) {
    return TENANT + "/" + conversation;
  }

  /** A command of the router: event and causation id {@code id}, handover {@code h-<conversation>}. */
  public ConnectorCommand command(String conversation, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(TENANT)
        .setConversationId(conversation).setPlatform(platform).setHandoverId("h-" + conversation)
        .setConnectionId(connectionId).setCausationId(id).setBody(body).build();
  }

  public void send(String conversation, ConnectorCommand command) {
    try {
      commands.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), key(conversation), command))
          .get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends without waiting for the broker's acknowledgement (many commands at once); {@link #flush} waits. */
  public void sendAsync(String conversation, ConnectorCommand command) {
    commands.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), key(conversation), command));
  }

  public void flush() {
    commands.flush();
  }

  /** Sends the start, command id {@code start-<conversation>}. */
  public void start(String conversation, StartChat start) {
    send(conversation, command(conversation, "start-" + conversation, start));
  }

  public void say(String conversation, String commandId, String text) {
    say(conversation, commandId, text, List.of());
  }

  public void say(String conversation, String commandId, String text, List<Attachment> attachments) {
    send(conversation, command(conversation, commandId, new SendVisitorMessage(new VisitorMessage(text,
        attachments))));
  }

  public void typing(String conversation, String commandId, boolean typing) {
    send(conversation, command(conversation, commandId, new SetVisitorTyping(typing)));
  }

  public void end(String conversation, String commandId, String reason) {
    send(conversation, command(conversation, commandId, new EndChat(reason)));
  }

  /**
   * Every agent event body of the conversation on Kafka, as written (nothing deduplicated), once there are at least
   * {@code expected} of them or {@link #PATIENCE} is over.
   */
  public List<Object> agentEventsOf(String conversation, int expected) {
    return kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer(),
        read -> read.stream().filter(r -> r.key().equals(key(conversation))).count() >= expected, PATIENCE)
        .stream().filter(r -> r.key().equals(key(conversation))).map(r -> r.value().getBody()).toList();
  }

  /** Every agent event body of the conversation on Kafka now, as written. */
  public List<Object> allAgentEventsOf(String conversation) {
    return allAgentEvents().stream().filter(r -> r.key().equals(key(conversation)))
        .map(r -> (Object) r.value().getBody()).toList();
  }

  public List<ConsumerRecord<String, AgentEvent>> allAgentEvents() {
    return kafka.readAll(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
        Topics.AGENT_EVENTS.valueSerde().deserializer());
  }

  /** The conversation's links as written, tombstones left out. */
  public List<PlatformLink> linksOf(String conversation) {
    var topic = Topics.connectorLinks(platform);
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals(key(conversation)) && r.value() != null).map(ConsumerRecord::value).toList();
  }

  @Override
  public void close() {
    commands.close();
    sandbox.close();
  }
}
