package io.baton.connector.chat2desk.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.chat2desk.Chat2DeskSeeds;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotEvent;
import io.baton.events.BotMessage;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ChatEnded;
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
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The seed's journey end to end, the router in-process and the test as the bot: a visitor writes from WhatsApp into
 * Chat2Desk, the bot (an operator there) answers, hands over to a human operator inside Chat2Desk, the operator's
 * replies and the visitor's messages are logged in the conversation, the operator closes the dialog, the bot gets
 * the seed's service message and the visitor back.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskJourneyTest {

  private static List<ConversationEvent> log(ConnectorFixture fx, String conversation) {
    var topic = Topics.CONVERSATION_EVENTS;
    return fx.kafka.readAll(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer())
        .stream().filter(r -> r.key().equals(ConnectorFixture.key(conversation))).map(r -> r.value()).toList();
  }

  /** Waits until the conversation's log has such an event; the first. */
  private static ConversationEvent logged(ConnectorFixture fx, String conversation, String what,
      Predicate<ConversationEvent> match) {
    ConversationEvent[] found = new ConversationEvent[1];
    Eventually.until(ConnectorFixture.PATIENCE, what, () -> {
      found[0] = log(fx, conversation).stream().filter(match).findFirst().orElse(null);
      return found[0] != null;
    });
    return found[0];
  }

  private static Predicate<ConversationEvent> visitorSaid(String text) {
    return e -> e.getBody() instanceof VisitorMessage m && m.getText().equals(text);
  }

  private static void input(ConnectorFixture fx, String conversation, SpecificRecord input) {
    try (KafkaProducer<String, io.baton.events.ConversationInput> bot = new KafkaProducer<>(
        fx.settings.producerProperties("test-bot-" + UUID.randomUUID()),
        Topics.CONVERSATION_INPUTS.keySerde().serializer(), Topics.CONVERSATION_INPUTS.valueSerde().serializer())) {
      bot.send(ConversationInputs.record(ConnectorFixture.key(conversation), input)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static BotEvent botSays(String conversation, String id, String text) {
    return BotEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT)
        .setConversationId(conversation).setBody(new BotMessage(text, List.of(), List.of())).build();
  }

  @Test
  void visitorBotHumanOperatorClosedDialogAndTheBotAgain(KafkaBroker broker) throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String connection = "journey-" + run;
    Path state = Files.createTempDirectory("router-c2d");
    try (ConnectorFixture fx = Chat2DeskSeeds.fixture(broker, connection, Chat2DeskSeeds.fastSimulator())) {
      Map<String, String> settings = Map.of("operatorId", "1001", "serviceMessages", "true");
      Chat2DeskSeeds.connection(fx, connection, settings, Chat2DeskSeeds.secrets(true));
      RouterService router = new RouterService(RouterConfig.defaults().withApplicationId("router-c2d-" + run)
          .withStateDir(state.toString()), fx.settings);
      router.start();
      Chat2DeskConnector connector = Chat2DeskSeeds.connector(fx, "journey-" + run);
      try {
        ConnectionsTopic.awaitStatus(fx, connection, ConnectionStatus.active);
        Chat2DeskSimulator c2d = fx.sandbox.chat2desk();
        c2d.autoAssign(Chat2DeskCompany.BOT_OPERATOR_ID);

        // The visitor writes from WhatsApp: the bot's, with the seed's channel variables in the log.
        long ann = c2d.newClient(Chat2DeskCompany.WHATSAPP_CHANNEL_ID, "Ann", "79990001122");
        Chat2DeskMessage first = c2d.clientWrites(ann, "I need a human");
        String conversation = Chat2DeskConversations.of(connection, Long.toString(ann));
        ConversationEvent hello = logged(fx, conversation, "the visitor's message", visitorSaid("I need a human"));
        assertEquals(Controller.bot, hello.getController());
        assertEquals(Chat2DeskSeeds.botClientContext(ann, "Ann", "79990001122", first), hello.getContext());

        input(fx, conversation, botSays(conversation, "bot-1-" + run, "Connecting you to **a human**"));
        Eventually.until(ConnectorFixture.PATIENCE, "the bot's answer in Chat2Desk", () -> c2d.received(ann).stream()
            .anyMatch(m -> "Connecting you to __a human__".equals(m.text())));

        // The bot hands over to Alex inside Chat2Desk.
        input(fx, conversation, HandoverRequested.newBuilder().setEventId("h-" + run).setOccurredAt(Instant.now())
            .setTenant(ConnectorFixture.TENANT).setConversationId(conversation).setPlatform(Platform.chat2desk)
            .setConnectionId(connection).setPayload(Chat2DeskHandover.newBuilder()
                .setOperatorId(Long.toString(Chat2DeskCompany.ALEX_OPERATOR_ID)).build())
            .setContext(VisitorContext.newBuilder().build())
            .setConnection(ConnectionSnapshot.newBuilder().setConnectionId(connection)
                .setTenant(ConnectorFixture.TENANT).setPlatform(Platform.chat2desk).setEnabled(true)
                .setStatus(ConnectionStatus.active).setSettings(settings).build())
            .build());
        logged(fx, conversation, "Alex joined", e -> e.getBody() instanceof AgentJoined);
        long dialog = first.dialogId();
        assertEquals(Chat2DeskCompany.ALEX_OPERATOR_ID, c2d.dialog(dialog).orElseThrow().operatorId());

        // Alex and the visitor talk in Chat2Desk; Baton logs both.
        c2d.operatorWrites(dialog, "Alex here, what happened?", null, null);
        ConversationEvent alex = logged(fx, conversation, "Alex's reply",
            e -> e.getBody() instanceof AgentMessage m && m.getText().equals("Alex here, what happened?"));
        assertEquals(Controller.agent, alex.getController());
        c2d.clientWrites(ann, "my order is late");
        assertEquals(Controller.agent, logged(fx, conversation, "the visitor to Alex",
            visitorSaid("my order is late")).getController());

        // Alex closes the dialog: the bot gets the service message and the visitor back.
        c2d.closeDialog(dialog);
        logged(fx, conversation, "the handover ended by the operator",
            e -> e.getBody() instanceof ChatEnded end && end.getEndedBy() == EndedBy.agent);
        logged(fx, conversation, "control back with the bot", e -> e.getBody() instanceof ControlReturnedToBot);
        logged(fx, conversation, "the service message", visitorSaid(Chat2DeskVisitors.DIALOG_CLOSED));
        // The bot writes first, though new dialogs now go to the general queue: its message opens a dialog of the
        // bot operator's, so the visitor's answer is the bot's.
        c2d.autoAssign(null);
        input(fx, conversation, botSays(conversation, "bot-2-" + run, "Anything else?"));
        Eventually.until(ConnectorFixture.PATIENCE, "the bot writes again", () -> c2d.received(ann).stream()
            .anyMatch(m -> "Anything else?".equals(m.text())));
        long reopened = c2d.openDialogOf(ann).orElseThrow().id();
        assertEquals(Chat2DeskCompany.BOT_OPERATOR_ID, c2d.dialog(reopened).orElseThrow().operatorId());
        c2d.clientWrites(ann, "one more thing");
        ConversationEvent back = logged(fx, conversation, "the visitor with the bot", visitorSaid("one more thing"));
        assertEquals(Controller.bot, back.getController());
        assertEquals(Long.toString(reopened), back.getContext().getAttributes().get("channel_conversation_id"));
        assertEquals(List.of("Connecting you to __a human__", "Alex here, what happened?", "Anything else?"),
            c2d.received(ann).stream().map(Chat2DeskMessage::text).toList());
      } finally {
        connector.stop();
        router.stop();
      }
    }
  }
}
