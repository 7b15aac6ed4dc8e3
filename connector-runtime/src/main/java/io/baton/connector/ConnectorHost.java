package io.baton.connector;

import io.baton.events.AgentEvent;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliveryFailed;
import io.baton.events.HandoverFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.StartChat;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a {@link PlatformConnector}: consumes {@code connector.<platform>.commands.v1} in per-conversation order and
 * commits an offset only after the platform accepted every earlier command of the partition. A command the platform
 * refuses becomes a handover-failed or delivery-failed agent event, the command goes to the dead-letter topic, and
 * the partition moves on. Live chats are resumed from their links at start-up.
 */
public final class ConnectorHost implements Service {
  private static final Logger log = LoggerFactory.getLogger(ConnectorHost.class);
  private static final Duration COMMAND_TIMEOUT = Duration.ofSeconds(60);

  private final String name;
  private final Platform platform;
  private final KafkaSettings kafka;
  private final Function<Context, PlatformConnector> factory;
  private TopicSpec<String, ConnectorCommand> commands;
  private AgentEvents agentEvents;
  private PlatformLinks links;
  private PlatformConnector connector;
  private KafkaConsumer<String, byte[]> consumer;
  private KafkaProducer<byte[], byte[]> deadLetters;
  private Thread loop;
  private volatile boolean running;

  /** What a connector gets from the runtime. */
  public record Context(AgentEvents agentEvents, PlatformLinks links) {}

  public ConnectorHost(String name, Platform platform, KafkaSettings kafka, Function<Context, PlatformConnector> factory) {
    this.name = name;
    this.platform = platform;
    this.kafka = kafka;
    this.factory = factory;
  }

  @Override
  public synchronized void start() {
    commands = Topics.connectorCommands(platform);
    TopicProvisioner.ensure(kafka, Topics.all());
    agentEvents = new AgentEvents(kafka, name + "-agent-events");
    links = new PlatformLinks(kafka, platform, name);
    links.load();
    connector = factory.apply(new Context(agentEvents, links));
    List<PlatformLink> live = links.live();
    live.forEach(connector::resume);
    log.info("{}: resumed {} live chats", name, live.size());
    deadLetters = new KafkaProducer<>(kafka.producerProperties(name + "-dlq"), new ByteArraySerializer(),
        new ByteArraySerializer());
    consumer = new KafkaConsumer<>(kafka.consumerProperties("baton-" + name, name), new StringDeserializer(),
        new ByteArrayDeserializer());
    consumer.subscribe(List.of(commands.name()));
    running = true;
    loop = new Thread(this::run, name + "-commands");
    loop.start();
  }

  private void run() {
    try {
      while (running) {
        var records = consumer.poll(Duration.ofMillis(200));
        for (ConsumerRecord<String, byte[]> record : records) {
          handle(record);
        }
        if (!records.isEmpty()) {
          consumer.commitSync();
        }
      }
    } catch (WakeupException e) {
      if (running) {
        throw e;
      }
    } catch (RuntimeException e) {
      log.error("{}: command loop stopped", name, e);
    }
  }

  private void handle(ConsumerRecord<String, byte[]> record) {
    ConnectorCommand command;
    try {
      command = commands.valueSerde().deserializer().deserialize(record.topic(), record.value());
    } catch (RuntimeException e) {
      deadLetter(record, "unreadable command: " + e.getMessage());
      return;
    }
    try {
      connector.handle(command).toCompletableFuture().get(COMMAND_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (ExecutionException | TimeoutException e) {
      Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
      String reason = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
      log.warn("{}: {} for {} failed: {}", name, command.getBody().getClass().getSimpleName(), record.key(), reason);
      SpecificRecord failure = command.getBody() instanceof StartChat
          ? HandoverFailed.newBuilder().setReason(reason).build()
          : DeliveryFailed.newBuilder().setCommandEventId(command.getEventId()).setReason(reason).build();
      agentEvents.publish(AgentEvent.newBuilder()
          .setEventId(UUID.nameUUIDFromBytes((command.getEventId() + "#failed").getBytes(StandardCharsets.UTF_8)).toString())
          .setOccurredAt(Instant.now()).setTenant(command.getTenant()).setConversationId(command.getConversationId())
          .setPlatform(command.getPlatform()).setHandoverId(command.getHandoverId()).setBody(failure).build()).join();
      deadLetter(record, reason);
    }
  }

  private void deadLetter(ConsumerRecord<String, byte[]> record, String reason) {
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetters(record.topic()).name(), null,
        record.key() == null ? null : record.key().getBytes(StandardCharsets.UTF_8), record.value(), record.headers());
    dead.headers().add("baton.error", reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add("baton.source", (record.topic() + "-" + record.partition() + "@" + record.offset())
        .getBytes(StandardCharsets.UTF_8));
    try {
      deadLetters.send(dead).get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new WakeupException();
    } catch (ExecutionException | TimeoutException e) {
      throw new IllegalStateException("could not write to the dead-letter topic", e);
    }
  }

  @Override
  public synchronized void stop() {
    if (!running) {
      return;
    }
    running = false;
    consumer.wakeup();
    try {
      loop.join(30_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    consumer.close();
    connector.close();
    deadLetters.close();
    links.close();
    agentEvents.close();
  }
}
