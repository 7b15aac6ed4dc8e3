package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.ConnectorCommand;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A webhook about a chat reaches the chat's conversation even when the platform sent it before the instance that
 * opened the chat filed its ref (an agent assigned the moment the chat was created), and whichever instance got it.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookInboxTest {
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** No other test of this module writes its commands. */
  private static final Platform PLATFORM = Platform.gorgias;

  private final String run = UUID.randomUUID().toString().substring(0, 8);
  private KafkaBroker broker;
  private KafkaSettings kafka;
  private PlatformRefs owner;
  private PlatformRefs receiver;
  private KafkaProducer<byte[], byte[]> refsWriter;

  @BeforeEach
  void start(KafkaBroker broker) {
    this.broker = broker;
    kafka = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(kafka, Topics.all());
    owner = new PlatformRefs(kafka, PLATFORM);
    receiver = new PlatformRefs(kafka, PLATFORM);
    owner.start();
    receiver.start();
    Eventually.until(PATIENCE, "both instances read the refs", () -> owner.caughtUp() && receiver.caughtUp());
    refsWriter = new KafkaProducer<>(kafka.producerProperties("refs-" + run), new ByteArraySerializer(),
        new ByteArraySerializer());
  }

  @AfterEach
  void stop() {
    refsWriter.close();
    owner.close();
    receiver.close();
  }

  @Test
  void eventsAboutAChatFiledAMomentAfterTheyArrivedReachItsConversationInTheirOrder() throws Exception {
    String ref = "ticket-" + run;
    try (WebhookInbox inbox = new WebhookInbox(kafka, PLATFORM, receiver, "inbox-" + run, PATIENCE, 16)) {
      CompletableFuture<Void> handed = inbox.handOver(
          List.of(event("assigned-" + run, ref), event("message-" + run, ref)), null).toCompletableFuture();
      assertFalse(handed.isDone(), "the events wait for their ref");
      // the owner files the ref its create call returned; the receiver is another instance
      refsWriter.send(owner.record(ref, "acme", "conv-" + run, "h-" + run, "c1")).get();
      handed.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);

      List<ConsumerRecord<String, ConnectorCommand>> mine = commandsOf("acme/conv-" + run, 2);
      assertEquals(List.of("assigned-" + run, "message-" + run),
          mine.stream().map(r -> ((PlatformActivity) r.value().getBody()).getPlatformEventId()).toList());
      assertEquals(List.of("h-" + run, "h-" + run), mine.stream().map(r -> r.value().getHandoverId()).toList());
    }
  }

  @Test
  void anEventAboutAChatNobodyFilesIsDroppedAfterThePatienceAndHoldsUpNoOtherConversation() throws Exception {
    String filed = "ticket-known-" + run;
    refsWriter.send(owner.record(filed, "acme", "known-" + run, "h-" + run, "c1")).get();
    Eventually.until(PATIENCE, "the receiver knows the filed ref", () -> receiver.find(filed).isPresent());
    Duration patience = Duration.ofMillis(400);
    try (WebhookInbox inbox = new WebhookInbox(kafka, PLATFORM, receiver, "inbox-" + run, patience, 16)) {
      long started = System.nanoTime();
      inbox.handOver(List.of(event("elsewhere-" + run, "not-baton-" + run)), null).toCompletableFuture()
          .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      assertTrue(System.nanoTime() - started >= patience.toNanos(), "the unknown ref was waited for");
      // the marker of the known conversation comes after the dropped event: it is the only one written
      inbox.handOver(List.of(event("marker-" + run, filed)), null).toCompletableFuture()
          .get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      List<ConsumerRecord<String, ConnectorCommand>> all = broker.readUntil(
          Topics.connectorCommands(PLATFORM).name(), new StringDeserializer(),
          Topics.connectorCommands(PLATFORM).valueSerde().deserializer(),
          read -> read.stream().anyMatch(r -> r.value().getCausationId().equals("marker-" + run)), PATIENCE);
      assertEquals(List.of("marker-" + run), all.stream().map(r -> r.value().getCausationId())
          .filter(id -> id.endsWith(run)).toList());
    }
  }

  @Test
  void pastTheCapOfWaitingEventsAnUnknownRefIsDroppedAtOnce() throws Exception {
    try (WebhookInbox inbox = new WebhookInbox(kafka, PLATFORM, receiver, "inbox-" + run, PATIENCE, 1)) {
      CompletableFuture<Void> waiting =
          inbox.handOver(List.of(event("first-" + run, "unknown-1-" + run)), null).toCompletableFuture();
      CompletableFuture<Void> second =
          inbox.handOver(List.of(event("second-" + run, "unknown-2-" + run)), null).toCompletableFuture();
      assertFalse(waiting.isDone(), "the first waits for its ref");
      assertTrue(second.isDone(), "the second, past the cap, is dropped at once");
      refsWriter.send(owner.record("unknown-1-" + run, "acme", "capped-" + run, "h-" + run, "c1")).get();
      waiting.get(PATIENCE.toSeconds(), TimeUnit.SECONDS);
      CompletableFuture<Void> third =
          inbox.handOver(List.of(event("third-" + run, "unknown-3-" + run)), null).toCompletableFuture();
      assertFalse(third.isDone(), "once the first is done, the next one waits again");
      assertEquals(List.of("first-" + run), commandsOf("acme/capped-" + run, 1).stream()
          .map(r -> r.value().getCausationId()).toList());
    }
  }

  @Test
  void aLateEventAboutAChatThatEndedIsNotWaitedFor() throws Exception {
    String ref = "ticket-ended-" + run;
    refsWriter.send(owner.record(ref, "acme", "ended-" + run, "h-" + run, "c1")).get();
    refsWriter.send(owner.tombstone(ref)).get();
    Eventually.until(PATIENCE, "the receiver read the ref's withdrawal",
        () -> receiver.find(ref).isEmpty() && withdrawn(ref));
    try (WebhookInbox inbox = new WebhookInbox(kafka, PLATFORM, receiver, "inbox-" + run, PATIENCE, 16)) {
      CompletableFuture<Void> handed =
          inbox.handOver(List.of(event("late-" + run, ref)), null).toCompletableFuture();
      assertTrue(handed.isDone(), "dropped at once, not after the patience");
    }
  }

  /** Whether a wait for {@code ref} ends at once (a waiter left over meanwhile ends when the ref is read). */
  private boolean withdrawn(String ref) {
    return receiver.filed(ref, Duration.ofDays(1)).isDone();
  }

  private static WebhookEvent event(String id, String ref) {
    return new WebhookEvent(id, ref, ("{\"id\":\"" + id + "\"}").getBytes(StandardCharsets.UTF_8));
  }

  private List<ConsumerRecord<String, ConnectorCommand>> commandsOf(String key, int count) {
    return broker.readUntil(Topics.connectorCommands(PLATFORM).name(), new StringDeserializer(),
        Topics.connectorCommands(PLATFORM).valueSerde().deserializer(),
        read -> read.stream().filter(r -> r.key().equals(key)).count() >= count, PATIENCE)
        .stream().filter(r -> r.key().equals(key)).toList();
  }
}
