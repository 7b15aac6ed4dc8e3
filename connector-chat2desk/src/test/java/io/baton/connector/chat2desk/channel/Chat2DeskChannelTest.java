package io.baton.connector.chat2desk.channel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.chat2desk.Chat2DeskSeeds;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ConnectionStatus;
import io.baton.events.DeliverToVisitor;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskMessage;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Chat2Desk as the visitor's channel against the simulator, with two connections of the same company: "bot" (the
 * bot operator 1001, service messages on, signed webhooks) and "queue" (the general queue, service messages off, no
 * signature check). Each gets only its own dialogs; the bot's messages go back as Chat2Desk messages.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskChannelTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private static List<String> texts(List<VisitorEvent> events) {
    return events.stream().map(e -> ((VisitorMessage) e.getBody()).getText()).toList();
  }

  private static int post(Chat2DeskConnector connector, String connection, String body, String signature)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + connector.webhookPort()
        + "/webhooks/chat2desk/" + connection)).POST(HttpRequest.BodyPublishers.ofString(body))
        .header("Content-Type", "application/json");
    if (signature != null) {
      request.header("X-Chat2Desk-Signature", signature);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString()).statusCode();
  }

  @Test
  void visitorsReachTheBotWithTheSeedsVariablesOnlyFromTheirDialogsAndTheBotAnswersInChat2Desk(KafkaBroker broker)
      throws Exception {
    String run = UUID.randomUUID().toString().substring(0, 6);
    String bot = "bot-" + run;
    String queue = "queue-" + run;
    // Chat2Desk's retries at 1 s, 2 s and 4 s after a failure: the restart below is over by the last.
    var schedule = Chat2DeskSeeds.fastSimulator().withRetries(List.of(Duration.ofSeconds(1), Duration.ofSeconds(2),
        Duration.ofSeconds(4)), Duration.ofSeconds(30), Duration.ofSeconds(5));
    try (ConnectorFixture fx = Chat2DeskSeeds.fixture(broker, bot, schedule)) {
      Chat2DeskConnector connector = Chat2DeskSeeds.connector(fx, "channel-" + run);
      try {
        Chat2DeskSeeds.connection(fx, bot, Map.of("operatorId", "1001", "serviceMessages", "true"),
            Chat2DeskSeeds.secrets(true));
        Chat2DeskSeeds.connection(fx, queue, Map.of("serviceMessages", "false"), Chat2DeskSeeds.secrets(false));
        ConnectionsTopic.awaitStatus(fx, bot, ConnectionStatus.active);
        ConnectionsTopic.awaitStatus(fx, queue, ConnectionStatus.active);
        Chat2DeskSimulator c2d = fx.sandbox.chat2desk();

        // Ann's dialog goes to the bot operator: the "bot" connection's visitor, with every variable the seed maps.
        c2d.autoAssign(Chat2DeskCompany.BOT_OPERATOR_ID);
        long ann = c2d.newClient(Chat2DeskCompany.WHATSAPP_CHANNEL_ID, "Ann", "79990001122");
        Chat2DeskMessage hello = c2d.clientWrites(ann, "hello bot");
        String annChat = Chat2DeskConversations.of(bot, Long.toString(ann));
        Eventually.until(ConnectorFixture.PATIENCE, "Ann's message",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, annChat).size() == 1);
        VisitorEvent first = Chat2DeskSeeds.visitorEventsOf(fx, annChat).get(0);
        assertEquals(ConnectorFixture.TENANT, first.getTenant());
        assertEquals(Platform.chat2desk, first.getChannel());
        assertEquals(bot, first.getChannelConnectionId());
        assertEquals(new VisitorMessage("hello bot", List.of()), first.getBody());
        assertEquals(Chat2DeskSeeds.botClientContext(ann, "Ann", "79990001122", hello), first.getContext());

        // Bob lands in the general queue: the "queue" connection's visitor; no phone, so none is invented.
        c2d.autoAssign(null);
        long bob = c2d.newClient(Chat2DeskCompany.TELEGRAM_CHANNEL_ID, "Bob", null);
        Chat2DeskMessage hi = c2d.clientWrites(bob, "hi queue");
        String bobChat = Chat2DeskConversations.of(queue, Long.toString(bob));
        Eventually.until(ConnectorFixture.PATIENCE, "Bob's message",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, bobChat).size() == 1);
        assertEquals(Map.of("channel_message_id", Long.toString(hi.id()), "channel_visitor_id", Long.toString(bob),
            "channel_conversation_id", Long.toString(hi.dialogId()), "channel_visitor_firstname", "Bob",
            "channel_chat_id", bob + "|chat2desk"),
            Chat2DeskSeeds.visitorEventsOf(fx, bobChat).get(0).getContext()
                .getAttributes());
        assertEquals(null, Chat2DeskSeeds.visitorEventsOf(fx, bobChat).get(0).getContext().getPhone());

        // Ann sends a file (her dialog is still the bot's); once it is in, Bob's message surely reached "bot" too.
        c2d.clientSends(ann, "https://files.example.com/u/cat.jpg", "cat.jpg", "look");
        Eventually.until(ConnectorFixture.PATIENCE, "Ann's file",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, annChat).size() == 2);
        assertEquals(new VisitorMessage("look", List.of(new Attachment("https://files.example.com/u/cat.jpg",
            "cat.jpg", "image/jpeg", 0L))), Chat2DeskSeeds.visitorEventsOf(fx, annChat).get(1).getBody());
        assertEquals(List.of(), Chat2DeskSeeds.visitorEventsOf(fx, Chat2DeskConversations.of(bot, Long.toString(bob))),
            "the general queue's dialog is not the bot operator's");
        assertEquals(List.of(), Chat2DeskSeeds.visitorEventsOf(fx,
            Chat2DeskConversations.of(queue, Long.toString(ann))), "the bot operator's dialog is not the queue's");

        // The bot answers: markdown, buttons and a picture; the same command again sends nothing; then a long text.
        BotMessage answer = new BotMessage("**Hi** Ann, *pick* one: [prices](https://example.com/p)",
            List.of(new QuickReply("Billing", "BILLING"), new QuickReply("Tech", "TECH")),
            List.of(new Attachment("https://cdn.example.com/menu.png", "menu.png", "image/png", 10L)));
        fx.send(annChat, fx.command(annChat, "bot-1-" + run, new DeliverToVisitor(answer)));
        fx.send(annChat, fx.command(annChat, "bot-1-" + run, new DeliverToVisitor(answer)));
        String longText = "word ".repeat(1000).strip(); // 4,999 characters: more than Chat2Desk's 4,096
        fx.send(annChat, fx.command(annChat, "bot-2-" + run, new DeliverToVisitor(new BotMessage(longText, List.of(),
            List.of()))));
        Eventually.until(ConnectorFixture.PATIENCE, "the bot's messages", () -> c2d.received(ann).size() == 4);
        List<Chat2DeskMessage> sent = c2d.received(ann);
        assertEquals("__Hi__ Ann, *pick* one: [prices](https://example.com/p)", sent.get(0).text());
        assertEquals(List.of(new Chat2DeskMessage.Button("reply", "Billing", "BILLING"),
            new Chat2DeskMessage.Button("reply", "Tech", "TECH")), sent.get(0).buttons());
        assertEquals("https://cdn.example.com/menu.png", sent.get(1).attachment());
        assertEquals("menu.png", sent.get(1).attachmentFilename());
        assertEquals(longText, sent.get(2).text() + " " + sent.get(3).text());
        assertEquals(4094, sent.get(2).text().length(), "819 whole words: the 820th would pass 4,096");
        sent.forEach(m -> assertEquals(Chat2DeskCompany.BOT_OPERATOR_ID, m.operatorId()));
        assertEquals(List.of("bot-1-" + run + ":0", "bot-1-" + run + ":1", "bot-2-" + run + ":0",
            "bot-2-" + run + ":1"), sent.stream().map(Chat2DeskMessage::externalId).toList());

        c2d.clientTaps(ann, sent.get(0).id(), 0);
        Eventually.until(ConnectorFixture.PATIENCE, "the tapped button",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, annChat).size() == 3);
        assertEquals("BILLING", texts(Chat2DeskSeeds.visitorEventsOf(fx, annChat)).get(2));

        // Dialogs closed: "bot" has service messages on, "queue" off (Bob's next message shows nothing came before).
        c2d.closeDialog(c2d.openDialogOf(ann).orElseThrow().id());
        c2d.closeDialog(c2d.openDialogOf(bob).orElseThrow().id());
        c2d.clientWrites(bob, "after close");
        Eventually.until(ConnectorFixture.PATIENCE, "the service message",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, annChat).size() == 4);
        assertEquals(Chat2DeskVisitors.DIALOG_CLOSED, texts(Chat2DeskSeeds.visitorEventsOf(fx, annChat)).get(3));
        Eventually.until(ConnectorFixture.PATIENCE, "Bob again",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, bobChat).size() == 2);
        assertEquals(List.of("hi queue", "after close"), texts(Chat2DeskSeeds.visitorEventsOf(fx, bobChat)));

        // Signature on ("bot"): forged is refused and publishes nothing; a genuine one delivered twice is one event.
        String body = "{\"hook_type\":\"inbox\",\"message_id\":990001,\"type\":\"from_client\",\"text\":\"again\","
            + "\"client_id\":" + ann + ",\"operator_id\":1001,\"dialog_id\":1,\"client\":{\"id\":" + ann + "}}";
        assertEquals(401, post(connector, bot, body, c2d.signature(body.replace("again", "forged"))));
        assertEquals(401, post(connector, bot, body, null));
        assertEquals(200, post(connector, bot, body, c2d.signature(body)));
        assertEquals(200, post(connector, bot, body, c2d.signature(body)));
        // Signature off ("queue"): an unsigned delivery is taken.
        String unsigned = "{\"hook_type\":\"inbox\",\"message_id\":990002,\"type\":\"from_client\",\"text\":\"plain\","
            + "\"client_id\":" + bob + ",\"dialog_id\":2,\"client\":{\"id\":" + bob + "}}";
        assertEquals(200, post(connector, queue, unsigned, null));
        Eventually.until(ConnectorFixture.PATIENCE, "the unsigned delivery",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, bobChat).size() == 3);
        assertEquals(List.of("hello bot", "look", "BILLING", Chat2DeskVisitors.DIALOG_CLOSED, "again"),
            texts(Chat2DeskSeeds.visitorEventsOf(fx, annChat)));

        // The connector is down a while: Bob's message is retried by Chat2Desk, the bot's command to Ann waits on
        // Kafka; once it is back, each arrives once.
        int port = connector.webhookPort();
        connector.stop();
        c2d.clientWrites(bob, "still there?");
        fx.send(annChat, fx.command(annChat, "bot-3-" + run, new DeliverToVisitor(new BotMessage("Back now",
            List.of(), List.of()))));
        connector = Chat2DeskSeeds.connector(fx, "channel-" + run, port);
        Eventually.until(ConnectorFixture.PATIENCE, "the message sent while the connector was down",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, bobChat).size() == 4);
        Eventually.until(ConnectorFixture.PATIENCE, "the bot's command", () -> c2d.received(ann).size() == 5);
        assertEquals(List.of("hi queue", "after close", "plain", "still there?"),
            texts(Chat2DeskSeeds.visitorEventsOf(fx, bobChat)));
        assertEquals("Back now", c2d.received(ann).get(4).text());

        // Ann's dialog was closed and new ones go to the general queue, but the bot wrote first: its message opened
        // a dialog of the bot operator's, so her answer is the bot's.
        assertEquals(Chat2DeskCompany.BOT_OPERATOR_ID, c2d.openDialogOf(ann).orElseThrow().operatorId());
        c2d.clientWrites(ann, "yes, me");
        Eventually.until(ConnectorFixture.PATIENCE, "Ann's answer",
            () -> Chat2DeskSeeds.visitorEventsOf(fx, annChat).size() == 6);
        assertEquals("yes, me", texts(Chat2DeskSeeds.visitorEventsOf(fx, annChat)).get(5));
      } finally {
        connector.stop();
      }
    }
  }
}
