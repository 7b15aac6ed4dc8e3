package io.baton.connector.testkit;

import io.baton.events.AgentEvent;
import io.baton.events.ConversationInput;
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
import io.baton.testkit.TopicTail;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What every connector test shares: a broker's settings with every topic provisioned, one helpdesk sandbox, a router
 * stand-in producing {@link ConnectorCommand}s for one {@link Platform} (tenant {@code acme}, key
 * {@code acme/<conversation>}, handover {@code h-<conversation>}, the router's gap-free sequence per conversation),
 * raw readers of the agent events on conversation.inputs.v1 (unwrapped) and of the platform's links per conversation,
 * what the router would take of them (deduplicated by event id), and a unique run id for names.
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
  /** conversation.inputs.v1, followed: the agent events are read every few milliseconds while a test waits. */
  private final TopicTail<String, ConversationInput> inputs;
  /** The last sequence sent per conversation, as the router numbers its commands. */
  private final Map<String, Long> sequences = new ConcurrentHashMap<>();

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
    this(kafka, platform, connectionId, sandboxConfig, HelpdeskSandbox::start);
  }

  /** As above, the sandbox started by {@code starter} (a simulator's own settings, such as fast webhook retries). */
  public ConnectorFixture(KafkaBroker kafka, Platform platform, String connectionId,
      UnaryOperator<SandboxConfig> sandboxConfig, java.util.function.Function<SandboxConfig, HelpdeskSandbox> starter) {
    this.kafka = kafka;
    this.platform = platform;
    this.connectionId = connectionId;
    this.settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    sandbox = starter.apply(sandboxConfig.apply(SandboxConfig.defaults().withPort(0)));
    var producer = settings.producerProperties("test-router-" + platform + "-" + run);
    // One batch in flight per partition: a test that sends a thousand commands the moment its broker created the
    // topics meets "not leader" answers, and retried batches in flight behind each other ended in out-of-order
    // sequence errors that lost commands (ThousandChatsTest, first in its test JVM).
    producer.put("max.in.flight.requests.per.connection", "1");
    commands = new KafkaProducer<>(producer, Topics.connectorCommands(platform).keySerde().serializer(),
        Topics.connectorCommands(platform).valueSerde().serializer());
    var topic = Topics.CONVERSATION_INPUTS;
    inputs = kafka.tail(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
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

  /**
   * Sends the command as the router would: a command without a sequence gets the conversation's next one (1, 2,
   * 3...); one that has a sequence keeps it (a test repeating or reordering the router's output).
   */
  public void send(String conversation, ConnectorCommand command) {
    try {
      commands.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), key(conversation),
          sequenced(conversation, command))).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** Sends without waiting for the broker's acknowledgement (many commands at once); {@link #flush} waits. */
  public void sendAsync(String conversation, ConnectorCommand command) {
    commands.send(new ProducerRecord<>(Topics.connectorCommands(platform).name(), key(conversation),
        sequenced(conversation, command)));
  }

  /** The command with the conversation's next sequence, unless it has one. */
  public ConnectorCommand sequenced(String conversation, ConnectorCommand command) {
    if (command.getSequence() > 0) {
      sequences.merge(conversation, command.getSequence(), Math::max);
      return command;
    }
    return ConnectorCommand.newBuilder(command).setSequence(sequences.merge(conversation, 1L, Long::sum)).build();
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
    return agentEvents(inputs.until(
        read -> agentEvents(read).stream().filter(r -> r.key().equals(key(conversation))).count() >= expected,
        PATIENCE)).stream().filter(r -> r.key().equals(key(conversation))).map(r -> (Object) r.value().getBody())
        .toList();
  }

  /** Every agent event body of the conversation on Kafka now, as written. */
  public List<Object> allAgentEventsOf(String conversation) {
    return allAgentEvents().stream().filter(r -> r.key().equals(key(conversation)))
        .map(r -> (Object) r.value().getBody()).toList();
  }

  /** Every agent event on conversation.inputs.v1 now, unwrapped, as written (nothing deduplicated). */
  public List<ConsumerRecord<String, AgentEvent>> allAgentEvents() {
    return agentEvents(inputs.all());
  }

  /**
   * The conversation's agent events as the router takes them: in the input topic's order, each event id once (the
   * router drops an input whose event id it saw recently).
   */
  public List<AgentEvent> deliveredAgentEventsOf(String conversation) {
    Set<String> seen = new LinkedHashSet<>();
    List<AgentEvent> delivered = new ArrayList<>();
    for (ConsumerRecord<String, AgentEvent> r : allAgentEvents()) {
      if (r.key().equals(key(conversation)) && seen.add(r.value().getEventId())) {
        delivered.add(r.value());
      }
    }
    return delivered;
  }

  /** The agent events among records of conversation.inputs.v1, unwrapped, keys and offsets kept. */
  public static List<ConsumerRecord<String, AgentEvent>> agentEvents(
      List<ConsumerRecord<String, ConversationInput>> inputs) {
    return inputs.stream().filter(r -> ConversationInputs.as(r.value(), AgentEvent.class) != null)
        .map(r -> new ConsumerRecord<>(r.topic(), r.partition(), r.offset(), r.key(),
            ConversationInputs.as(r.value(), AgentEvent.class)))
        .toList();
  }

  /** The conversation's links as written, tombstones left out. */
  public List<PlatformLink> linksOf(String conversation) {
    var topic = Topics.connectorLinks(platform);
    return kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals(key(conversation)) && r.value() != null).map(ConsumerRecord::value).toList();
  }

  @Override
  public void close() {
    inputs.close();
    commands.close();
    sandbox.close();
  }
}
