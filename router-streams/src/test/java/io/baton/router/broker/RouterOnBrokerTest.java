package io.baton.router.broker;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The router on a real broker: dead letters, and a timer that survives a restart. (Crashes in the middle of many
 * conversations, with readers of uncommitted records: {@link SequencerCrashTest}.)
 */
@ExtendWith(KafkaBrokerExtension.class)
class RouterOnBrokerTest {
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  static KafkaBroker kafka;
  static KafkaSettings settings;

  @BeforeAll
  static void topics(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
  }

  @Test
  void anUnreadableRecordIsDeadLetteredOnTheBrokerAndTheRouterGoesOn(@TempDir Path state) throws Exception {
    String key = "dlq/" + UUID.randomUUID();
    RouterService router = new RouterService(RouterConfig.defaults().withApplicationId("router-dlq-test")
        .withStateDir(state.toString()), settings);
    router.start();
    try (KafkaProducer<String, byte[]> raw = new KafkaProducer<>(settings.producerProperties("dlq-raw"),
        new StringSerializer(), new ByteArraySerializer());
         KafkaProducer<String, ConversationInput> inputs = inputs("dlq-visitor")) {
      raw.send(new ProducerRecord<>(Topics.CONVERSATION_INPUTS.name(), key, "{\"text\":\"json, not avro\"}"
          .getBytes(StandardCharsets.UTF_8))).get();
      inputs.send(ConversationInputs.record(key, visitorSays(key, "v1", "after the bad one"))).get();
    }
    try {
      List<ConsumerRecord<String, byte[]>> dead = kafka
          .readUntil(Topics.deadLetters(Topics.CONVERSATION_INPUTS.name()).name(),
              Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
              read -> read.stream().anyMatch(r -> key.equals(r.key())), PATIENCE)
          .stream()
          .filter(r -> key.equals(r.key())).toList();
      assertEquals(1, dead.size());
      assertEquals("{\"text\":\"json, not avro\"}", new String(dead.get(0).value(), StandardCharsets.UTF_8));
      assertEquals("record on conversation.inputs.v1 is not in the Confluent Avro wire format (magic byte 0)",
          new String(dead.get(0).headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(),
              StandardCharsets.UTF_8));
      List<ConversationEvent> log = logOf(key, 1);
      assertEquals(List.of(1L), log.stream().map(ConversationEvent::getSequence).toList());
      assertEquals(new VisitorMessage("after the bad one", List.of()), log.get(0).getBody());
    } finally {
      router.stop();
    }
  }

  /**
   * A queue timer set before a restart fires after it, once, although the new instance starts without local state
   * (the same instance id on another machine, as a rescheduled pod with an empty volume: it takes the partitions back
   * at once, a static member).
   */
  @Test
  void aTimerSurvivesARestartOnAnotherMachine(@TempDir Path before, @TempDir Path after) throws Exception {
    String key = "timer/" + UUID.randomUUID();
    RouterConfig config = RouterConfig.defaults().withApplicationId("router-timer-test").withInstanceId("timer-test")
        .withQueueTimeout(Duration.ofSeconds(5)).withTimerInterval(Duration.ofMillis(200));
    RouterService first = new RouterService(config.withStateDir(before.toString()), settings);
    first.start();
    try (KafkaProducer<String, ConversationInput> handovers = inputs("timer-handover")) {
      handovers.send(ConversationInputs.record(key, HandoverRequested.newBuilder()
          .setEventId(key + "-h").setOccurredAt(Instant.now()).setTenant("timer")
          .setConversationId(key.substring("timer/".length())).setPlatform(Platform.salesforce)
          .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D").setDeploymentId("572")
              .setButtonId("573").setLiveAgentHostname("la.example").build())
          .setContext(VisitorContext.newBuilder().build()).build())).get();
    }
    logOf(key, 1);
    first.stop();
    assertEquals(1, kafka.readAll(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer()).stream().filter(r -> key.equals(r.key())).count(),
        "stopped before the timer was due");
    // a new instance with an empty state directory: the timer can only come from the changelog
    RouterService second = new RouterService(config.withStateDir(after.toString()), settings);
    second.start();
    try {
      List<ConversationEvent> log = logOf(key, 3);
      assertEquals(List.of("HandoverStarted", "ChatEnded", "ControlReturnedToBot"),
          log.stream().map(e -> e.getBody().getClass().getSimpleName()).toList());
      assertEquals(new io.baton.events.ChatEnded(EndedBy.timeout, "no agent was available within 5 seconds"),
          log.get(1).getBody());
    } finally {
      second.stop();
    }
  }

  private static KafkaProducer<String, ConversationInput> inputs(String id) {
    return new KafkaProducer<>(settings.producerProperties(id), new StringSerializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer());
  }

  private static VisitorEvent visitorSays(String key, String id, String text) {
    String[] parts = key.split("/");
    return VisitorEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(parts[0])
        .setConversationId(parts[1]).setBody(new VisitorMessage(text, List.of())).build();
  }

  private static List<ConversationEvent> logOf(String key, int atLeast) {
    return kafka.readUntil(Topics.CONVERSATION_EVENTS.name(), Serdes.String().deserializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().deserializer(),
        read -> read.stream().filter(r -> key.equals(r.key())).count() >= atLeast, PATIENCE).stream()
        .filter(r -> key.equals(r.key())).map(ConsumerRecord::value).toList();
  }
}
