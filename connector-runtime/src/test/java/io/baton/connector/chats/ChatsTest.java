package io.baton.connector.chats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.PlatformLinks;
import io.baton.connector.calls.PlatformCalls;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.PlatformLink;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The chat lifecycle of {@link Chats} on a real broker, with {@link FakeDesk} in the platform's slot. Commands here
 * carry no router sequence (0), so every one reaches {@link Chats}, repeats included: what Chats itself does with a
 * repeat (a start read again after a crash between the platform's answer and the link) is what is checked; the
 * sequence gate in front of it is {@code ConnectorHostTest}'s.
 */
@ExtendWith(KafkaBrokerExtension.class)
class ChatsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  private final String run = UUID.randomUUID().toString().substring(0, 6);

  private static ConnectorHost host(KafkaSettings settings, FakeDesk desk, String instance) {
    ConnectorHost host = new ConnectorHost("chats-test-" + desk.platform, desk.platform, settings,
        HostConfig.defaults(PlatformCalls.Limits.defaults()).withInstanceId(instance), ctx -> new Chats<>(desk, ctx));
    host.start();
    return host;
  }

  private static ConnectorCommand command(Platform platform, String conversation, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(platform).setHandoverId("h-" + conversation)
        .setCausationId(id).setBody(body).build();
  }

  private static StartChat start(Platform platform) {
    return new StartChat(HandoverRequested.newBuilder().setEventId("hr").setOccurredAt(Instant.EPOCH)
        .setTenant("acme").setConversationId("c").setPlatform(platform).setPayload(
            io.baton.events.GorgiasHandover.newBuilder().build())
        .setContext(VisitorContext.newBuilder().build()).build(), List.of());
  }

  private static PlatformActivity pushed(String eventId, String payload) {
    return PlatformActivity.newBuilder().setPlatformEventId(eventId).setRef("r")
        .setPayload(ByteBuffer.wrap(payload.getBytes(StandardCharsets.UTF_8))).setReceivedAt(Instant.EPOCH).build();
  }

  private static void send(KafkaProducer<String, ConnectorCommand> producer, ConnectorCommand c) throws Exception {
    producer.send(new ProducerRecord<>(Topics.connectorCommands(c.getPlatform()).name(),
        c.getTenant() + "/" + c.getConversationId(), c)).get();
  }

  private static List<Object> agentEvents(KafkaBroker kafka, String conversation, int expected) {
    return io.baton.connector.RouterInputs.agentEvents(kafka,
        read -> read.stream().filter(r -> r.key().equals("acme/" + conversation)).count() >= expected, PATIENCE)
        .stream().filter(r -> r.key().equals("acme/" + conversation)).map(r -> (Object) r.value().getBody()).toList();
  }

  @Test
  void aChatIsOpenedRelayedRepeatedPushedToAndEndedWithoutTheEchoAcrossARestart(KafkaBroker kafka) throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    Platform p = Platform.zendesk_support;
    String c = "life-" + run;
    FakeDesk desk = new FakeDesk(p);
    try (var producer = new KafkaProducer<>(settings.producerProperties("chats-test"), new StringSerializer(),
        Topics.connectorCommands(p).valueSerde().serializer())) {
      ConnectorHost host = host(settings, desk, "a");
      send(producer, command(p, c, "start-" + c, start(p)));
      send(producer, command(p, c, "m1-" + c, new SendVisitorMessage(new VisitorMessage("one", List.of()))));
      send(producer, command(p, c, "start-" + c, start(p))); // the router's start read again: not a second chat
      send(producer, command(p, c, "t-" + c, new SetVisitorTyping(true)));
      send(producer, command(p, c, "push-1", pushed("ev-1", "say:hello")));
      send(producer, command(p, c, "push-1", pushed("ev-1", "say:hello"))); // the platform's redelivery
      send(producer, command(p, c, "push-x", pushed("ev-x", "boom"))); // unreadable: a dead letter, no event
      assertEquals(List.of(new ChatQueued(1, null), new AgentMessage("hello", "Ann", List.of())),
          agentEvents(kafka, c, 2));
      Eventually.until(PATIENCE, "the typing", () -> desk.calls.contains("typing " + c + " true"));
      host.stop();

      // Another instance takes over from the link: the state and the events seen come back with it.
      FakeDesk next = new FakeDesk(p);
      ConnectorHost again = host(settings, next, "b");
      try {
        Eventually.until(PATIENCE, "resumed", () -> next.calls.contains("listen " + c + " desk-" + c + " sent=1"));
        send(producer, command(p, c, "push-1", pushed("ev-1", "say:hello"))); // redelivered after the restart
        send(producer, command(p, c, "m2-" + c, new SendVisitorMessage(new VisitorMessage("two", List.of()))));
        send(producer, command(p, c, "end-" + c, new EndChat("visitor left")));
        send(producer, command(p, c, "push-2", pushed("ev-2", "closed"))); // the echo of our close
        send(producer, command(p, c, "m3-" + c, new SendVisitorMessage(new VisitorMessage("late", List.of()))));
        List<Object> events = agentEvents(kafka, c, 3);
        assertEquals(3, events.size(), events.toString());
        assertEquals(DeliveryFailed.class, events.get(2).getClass(), "a message after the end is refused");
        var dead = kafka.readUntil(Topics.deadLetters(Topics.connectorCommands(p).name()).name(),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
            read -> read.stream().filter(r -> r.key().equals("acme/" + c)).count() >= 2, PATIENCE).stream()
            .filter(r -> r.key().equals("acme/" + c)).map(r -> new String(r.headers().lastHeader("baton.error").value(),
                StandardCharsets.UTF_8))
            .toList();
        assertEquals(List.of("the desk cannot read this event", "the zendesk_support chat has ended"), dead);
        assertEquals(List.of("open " + c, "listen " + c + " desk-" + c + " sent=0", "send " + c + " one",
            "open again " + c, "typing " + c + " true"), desk.calls, "listening starts once, after the first open");
        assertEquals(List.of("listen " + c + " desk-" + c + " sent=1", "send " + c + " two", "end " + c), next.calls);
      } finally {
        again.stop();
      }
    }
  }

  @Test
  void anUnreadableLinkEndsItsOwnConversationAndEveryOtherGoesOn(KafkaBroker kafka) throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    Platform p = Platform.chat2desk;
    var links = Topics.connectorLinks(p);
    // Four conversations on one partition: a good link, one whose state does not decode, garbage, and a new one.
    List<String> same = new ArrayList<>();
    int partition = PlatformLinks.partitionOf("acme/good-" + run, links.partitions());
    for (String name : List.of("good", "bad-state", "garbage", "fresh")) {
      int i = 0;
      String c = name + "-" + run;
      while (PlatformLinks.partitionOf("acme/" + c, links.partitions()) != partition) {
        c = name + "-" + run + "-" + ++i;
      }
      same.add(c);
    }
    String good = same.get(0);
    String badState = same.get(1);
    String garbage = same.get(2);
    String fresh = same.get(3);
    try (var linkWriter = new KafkaProducer<>(settings.producerProperties("chats-links"), new StringSerializer(),
        links.valueSerde().serializer());
         var rawWriter = new KafkaProducer<>(settings.producerProperties("chats-raw"), new StringSerializer(),
             new ByteArraySerializer())) {
      linkWriter.send(new ProducerRecord<>(links.name(), "acme/" + good, link(p, good,
          Map.of("baton.v", "1", "id", "desk-old", "sent", "4")))).get(); // version 1, read by version 2
      linkWriter.send(new ProducerRecord<>(links.name(), "acme/" + badState, link(p, badState,
          Map.of("baton.v", "2", "deskId", "d", "sent", "many")))).get();
      rawWriter.send(new ProducerRecord<>(links.name(), "acme/" + garbage,
          "not avro at all".getBytes(StandardCharsets.UTF_8))).get();
    }
    FakeDesk desk = new FakeDesk(p);
    ConnectorHost host = host(settings, desk, "a");
    try (var producer = new KafkaProducer<>(settings.producerProperties("chats-test-2"), new StringSerializer(),
        Topics.connectorCommands(p).valueSerde().serializer())) {
      Eventually.until(PATIENCE, "the good chat resumed", () -> desk.calls.contains("listen " + good
          + " desk-old sent=4"));
      assertEquals(List.of(new ChatEnded(EndedBy.failure,
          "the connector could not read its state of this chat: the link's 'sent' is not a number: many")),
          agentEvents(kafka, badState, 1));
      send(producer, command(p, good, "g1-" + good, new SendVisitorMessage(new VisitorMessage("still", List.of()))));
      send(producer, command(p, garbage, "x1-" + garbage, new SendVisitorMessage(new VisitorMessage("?", List.of()))));
      send(producer, command(p, fresh, "start-" + fresh, start(p)));
      Eventually.until(PATIENCE, "the others go on",
          () -> desk.calls.contains("send " + good + " still") && desk.calls.contains("open " + fresh));
      List<Object> ended = agentEvents(kafka, garbage, 2);
      ChatEnded end = (ChatEnded) ended.get(0);
      assertEquals(EndedBy.failure, end.getEndedBy());
      assertTrue(end.getReason().startsWith("the connector could not read its state of this chat: "), end.getReason());
      assertEquals(DeliveryFailed.class, ended.get(1).getClass());
      assertEquals(List.of(new ChatQueued(1, null)), agentEvents(kafka, fresh, 1));
      List<ConsumerRecord<String, byte[]>> dead = kafka.readUntil(Topics.deadLetters(links.name()).name(),
          new org.apache.kafka.common.serialization.StringDeserializer(),
          new org.apache.kafka.common.serialization.ByteArrayDeserializer(),
          read -> read.stream().filter(r -> r.key().endsWith(run) || r.key().contains("-" + run + "-")).count() >= 2,
          PATIENCE).stream().filter(r -> r.key().contains(run)).toList();
      assertEquals(List.of("acme/" + badState, "acme/" + garbage).stream().sorted().toList(),
          dead.stream().map(ConsumerRecord::key).sorted().toList());
      assertTrue(dead.stream().allMatch(r -> r.headers().lastHeader("baton.error") != null));
      assertEquals(0, host.inFlight() > 0 ? -1 : 0, "the command loop is idle, not dead");
    } finally {
      host.stop();
    }
  }

  @Test
  void aChannelPlatformDeliversTheRoutersMessagesAndPublishesWhatTheVisitorWrites(KafkaBroker kafka)
      throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    Platform p = Platform.zendesk_sunco;
    String c = "channel-" + run;
    List<String> delivered = new java.util.concurrent.CopyOnWriteArrayList<>();
    FakeDesk desk = new FakeDesk(p);
    ConnectorHost host = new ConnectorHost("chats-channel-test", p, settings,
        HostConfig.defaults(PlatformCalls.Limits.defaults()).withInstanceId("a"), ctx -> {
          io.baton.connector.channel.VisitorEvents visitors = new io.baton.connector.channel.VisitorEvents(
              ctx.writes(), p);
          // The fake inbox answers every delivery with the visitor's reply, as a platform's webhook would bring it.
          return new Chats<>(desk, (command, delivery) -> {
            delivered.add(((io.baton.events.BotMessage) delivery.getMessage()).getText());
            return visitors.publish(io.baton.events.VisitorEvent.newBuilder()
                .setEventId(visitors.eventId("inbox-msg-" + delivered.size())).setOccurredAt(Instant.EPOCH)
                .setTenant(command.getTenant()).setConversationId(command.getConversationId())
                .setBody(new VisitorMessage("reply " + delivered.size(), List.of())).build(), "conn-sunco");
          }, ctx);
        });
    host.start();
    FakeDesk plain = new FakeDesk(Platform.salesforce_miaw); // a platform no other test of this JVM uses
    ConnectorHost notAChannel = host(settings, plain, "a");
    try (var producer = new KafkaProducer<>(settings.producerProperties("chats-channel"), new StringSerializer(),
        Topics.connectorCommands(p).valueSerde().serializer())) {
      var deliver = new io.baton.events.DeliverToVisitor(new io.baton.events.BotMessage("Hi, how can I help?",
          List.of(), List.of()));
      send(producer, command(p, c, "d1-" + c, deliver));
      var visitorEvents = io.baton.connector.RouterInputs.visitorEvents(kafka,
          read -> read.stream().anyMatch(r -> r.key().equals("acme/" + c)), PATIENCE).stream()
          .filter(r -> r.key().equals("acme/" + c)).map(ConsumerRecord::value).toList();
      assertEquals(List.of("Hi, how can I help?"), delivered);
      assertEquals(1, visitorEvents.size());
      assertEquals(new VisitorMessage("reply 1", List.of()), visitorEvents.get(0).getBody());
      assertEquals(p, visitorEvents.get(0).getChannel());
      assertEquals("conn-sunco", visitorEvents.get(0).getChannelConnectionId());
      assertEquals(UUID.nameUUIDFromBytes((p + "#visitor#inbox-msg-1").getBytes(StandardCharsets.UTF_8)).toString(),
          visitorEvents.get(0).getEventId());

      // A platform that is no channel refuses it plainly: a delivery-failed event with the reason.
      String other = "no-channel-" + run;
      send(producer, command(Platform.salesforce_miaw, other, "d2-" + other, deliver));
      DeliveryFailed failed = (DeliveryFailed) agentEvents(kafka, other, 1).get(0);
      assertEquals("salesforce_miaw is not a visitor channel", failed.getReason());
    } finally {
      host.stop();
      notAChannel.stop();
    }
  }

  private static PlatformLink link(Platform p, String conversation, Map<String, String> state) {
    return PlatformLink.newBuilder().setTenant("acme").setConversationId(conversation).setPlatform(p)
        .setHandoverId("h-" + conversation).setState(state).setEnded(false).setUpdatedAt(Instant.EPOCH).build();
  }
}
