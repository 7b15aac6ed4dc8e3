package io.baton.connector.chat2desk.handover;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.chat2desk.Chat2DeskSeeds;
import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ChatEnded;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskMessage;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The "done when", end to end with the router in-process: a client writes in Chat2Desk (the bot operator's
 * dialog) and the bot gets it with the channel variables; the bot answers and the client receives it; the bot hands
 * over to a human operator inside Chat2Desk; the operator's reply is logged in the conversation and reaches the
 * client once (Chat2Desk carries it, Baton does not deliver it again); the operator closes the dialog, the visitor is
 * the bot's again, and the bot's next message reaches the client.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskChannelHandoverTest {

  @Test
  void aChat2DeskVisitorGoesFromTheBotToAnOperatorAndBack(KafkaBroker broker) throws Exception {
    Path state = Files.createTempDirectory("router-c2d");
    try (ConnectorFixture fx = Chat2DeskSeeds.fixture(broker, Chat2DeskHandoverSeeds.CONNECTION,
        Chat2DeskHandoverSeeds.SIMULATOR);
         RoundRobinBalancer door = new RoundRobinBalancer()) {
      Chat2DeskHandoverSeeds.connection(fx, door, Chat2DeskHandoverSeeds.settings());
      RouterService router = new RouterService(RouterConfig.defaults().withApplicationId("router-c2d-" + fx.run)
          .withStateDir(state.toString()), fx.settings);
      router.start();
      Chat2DeskConnector connector = Chat2DeskHandoverSeeds.connector(fx, door, "c2d-e2e-" + fx.run);
      try (KafkaProducer<String, io.baton.events.ConversationInput> inputs = new KafkaProducer<>(
          fx.settings.producerProperties("c2d-bot-" + fx.run), Topics.CONVERSATION_INPUTS.keySerde().serializer(),
          Topics.CONVERSATION_INPUTS.valueSerde().serializer())) {
        Chat2DeskSimulator c2d = fx.sandbox.chat2desk();
        long client = c2d.newClient(Chat2DeskCompany.WHATSAPP_CHANNEL_ID, "Vera" + fx.run, "7900" + fx.run.hashCode());
        String phone = "7900" + fx.run.hashCode();
        Chat2DeskMessage first = c2d.clientWrites(client, "Hi, I need help with my order");
        String conversation = Chat2DeskConversations.of(Chat2DeskHandoverSeeds.CONNECTION, Long.toString(client));

        // The bot gets the visitor's message with the seed's channel variables, and nothing Chat2Desk lacks.
        ConversationEvent hi = logged(broker, conversation, e -> e.getBody() instanceof VisitorMessage m
            && m.getText().equals("Hi, I need help with my order"));
        VisitorContext context = hi.getContext();
        assertEquals(Map.of("channel_message_id", Long.toString(first.id()), "channel_message_recipient",
            Chat2DeskHandoverSeeds.BOT, "channel_visitor_id", Long.toString(client), "channel_conversation_id",
            Long.toString(first.dialogId()), "channel_visitor_phone", phone, "channel_visitor_firstname",
            "Vera" + fx.run, "channel_chat_id", client + "|chat2desk"), context.getAttributes());
        assertEquals("Vera" + fx.run, context.getName());
        assertEquals(phone, context.getPhone());

        bot(inputs, conversation, "Hello! Let me find someone for you.");
        awaitReceived(c2d, client, List.of("Hello! Let me find someone for you."));

        // Handed over to Alex inside Chat2Desk: the dialog leaves the bot operator.
        handover(inputs, conversation, new Chat2DeskHandover(Long.toString(Chat2DeskCompany.ALEX_OPERATOR_ID), null,
            false));
        logged(broker, conversation, e -> e.getBody() instanceof AgentJoined j && j.getAgentName().equals("Alex"));
        assertEquals(Chat2DeskCompany.ALEX_OPERATOR_ID, c2d.openDialogOf(client).orElseThrow().operatorId());

        // The visitor keeps writing in Chat2Desk (logged, not relayed: the operator reads it there); Alex answers.
        c2d.clientWrites(client, "It is order 42");
        logged(broker, conversation,
            e -> e.getBody() instanceof VisitorMessage m && m.getText().equals("It is order 42")
                && e.getController() == Controller.agent);
        AgentDesk desk = fx.desk(Chat2DeskSimulator.NAME);
        String dialog = Long.toString(first.dialogId());
        desk.accept(dialog, "Alex");
        desk.say(dialog, "Hi, Alex here: order 42 ships today");
        logged(broker, conversation, e -> e.getBody() instanceof AgentMessage m
            && m.getText().equals("Hi, Alex here: order 42 ships today") && "Alex".equals(m.getAgentName()));

        // Alex closes the dialog: the handover ends by the agent and the visitor is the bot's again.
        desk.end(dialog);
        logged(broker, conversation, e -> e.getBody() instanceof ChatEnded end && end.getEndedBy() == EndedBy.agent);
        logged(broker, conversation, e -> e.getBody() instanceof ControlReturnedToBot);
        logged(broker, conversation, e -> e.getBody() instanceof VisitorMessage m
            && m.getText().equals("c2d: dialog closed"));
        bot(inputs, conversation, "Anything else I can do?");
        // Exactly these, in order: the operator's reply once (Baton did not deliver it again), the bot's after.
        awaitReceived(c2d, client, List.of("Hello! Let me find someone for you.", "Hi, Alex here: order 42 ships today",
            "Anything else I can do?"));
      } finally {
        connector.stop();
        router.stop();
      }
    }
  }

  private static void bot(KafkaProducer<String, io.baton.events.ConversationInput> inputs, String conversation,
      String text) throws Exception {
    BotEvent event = BotEvent.newBuilder().setEventId(UUID.randomUUID().toString()).setOccurredAt(Instant.now())
        .setTenant(ConnectorFixture.TENANT).setConversationId(conversation).setBody(new BotMessage(text, List.of(),
            List.of()))
        .build();
    inputs.send(ConversationInputs.record(ConnectorFixture.key(conversation), event)).get();
  }

  private static void handover(KafkaProducer<String, io.baton.events.ConversationInput> inputs, String conversation,
      Chat2DeskHandover payload) throws Exception {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
        .setPlatform(Platform.chat2desk).setConnectionId(Chat2DeskHandoverSeeds.CONNECTION).setPayload(payload)
        .setContext(VisitorContext.newBuilder().build())
        .setConnection(ConnectionSnapshot.newBuilder().setConnectionId(Chat2DeskHandoverSeeds.CONNECTION)
            .setTenant(ConnectorFixture.TENANT).setPlatform(Platform.chat2desk).setEnabled(true)
            .setStatus(ConnectionStatus.active).build())
        .build();
    inputs.send(ConversationInputs.record(ConnectorFixture.key(conversation), request)).get();
  }

  /**
   * What the client received is exactly this, once its last line arrived: the conversation's commands reach the
   * client in order, so anything doubled before that line would be there by then.
   */
  private static void awaitReceived(Chat2DeskSimulator c2d, long client, List<String> texts) {
    String last = texts.get(texts.size() - 1);
    Eventually.until(ConnectorFixture.PATIENCE, "the client received " + last, () -> received(c2d, client)
        .contains(last));
    assertEquals(texts, received(c2d, client));
  }

  private static List<String> received(Chat2DeskSimulator c2d, long client) {
    return c2d.received(client).stream().map(m -> m.text() == null ? "" : m.text()).toList();
  }

  /** The first event of the conversation's log that matches, waiting for it. */
  private static ConversationEvent logged(KafkaBroker broker, String conversation, Predicate<ConversationEvent> match) {
    String key = ConnectorFixture.key(conversation);
    var topic = Topics.CONVERSATION_EVENTS;
    return broker.readUntil(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer(),
        read -> read.stream().anyMatch(r -> key.equals(r.key()) && match.test(r.value())), ConnectorFixture.PATIENCE)
        .stream().filter(r -> key.equals(r.key()) && match.test(r.value())).map(r -> r.value()).findFirst()
        .orElseThrow(() -> new AssertionError("nothing of " + key + " on the log matched"));
  }
}
