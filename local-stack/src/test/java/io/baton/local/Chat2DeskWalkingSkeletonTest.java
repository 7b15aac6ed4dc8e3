package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.baton.connector.chat2desk.Chat2DeskConfig;
import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskMessage;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Chat2Desk as the local stack runs it, on a real broker: the demo tenant's connection made by {@link DemoChat2Desk}
 * through the ingress (the connector's activation registers the webhook at the sandbox's Chat2Desk), the demo bot as
 * the company's bot operator, and both ways a visitor meets a Chat2Desk operator: a client of Chat2Desk handed to a
 * human inside it and back to the bot, and a widget visitor handed over through the external channel.
 */
@ExtendWith(KafkaBrokerExtension.class)
class Chat2DeskWalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
  private static final String GREETING =
      "Hi! I am Baton's demo bot. Ask for a human whenever you want to talk to an agent.";
  private static final String FINDING = "Let me find you a human. One moment…";
  private static final String BOT = Long.toString(Chat2DeskCompany.BOT_OPERATOR_ID);
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;
  static Chat2DeskConnector chat2desk;
  static DemoBot bot;

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    baton = new BatonUnderTest(kafka, stateDir, "chat2desk-skeleton", SandboxConfig.defaults().withPort(0),
        (sandbox, settings) -> chat2desk = new Chat2DeskConnector(Chat2DeskConfig.fromEnv(LocalStack.withDevDefaults(
            Map.of("BATON_CHAT2DESK_API_URL", sandbox.baseUrl() + "/chat2desk", "BATON_CHAT2DESK_WEBHOOK_PORT",
                "0"))),
            settings));
    new DemoChat2Desk(baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + chat2desk.webhookPort());
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    BatonUnderTest.skipEarlierConversations(settings);
    bot = new DemoBot(settings, baton.ingressUrl(), LocalStack.DEV_BOT_KEY,
        new HandoverChoice(null, DemoChat2Desk.CONNECTION, DemoChat2Desk.OPERATOR_GROUP));
    bot.start();
    Eventually.until(PATIENCE, "the Chat2Desk connection active",
        () -> chat2desk.connections().isActive(DemoChat2Desk.CONNECTION));
  }

  @AfterAll
  static void stopBaton() {
    bot.stop();
    baton.close();
  }

  @Test
  void aChat2DeskClientTalksToTheBotThenToAnOperatorAndBackToTheBot() throws Exception {
    Chat2DeskSimulator c2d = baton.sandbox.chat2desk();
    long client = c2d.newClient(Chat2DeskCompany.WHATSAPP_CHANNEL_ID, "Mia", "79001234567");
    Chat2DeskMessage hello = c2d.clientWrites(client, "hello");
    String conversation = "c2d-" + DemoChat2Desk.CONNECTION + "-" + client;
    Eventually.until(PATIENCE, "the bot's greeting in Chat2Desk", () -> texts(c2d, client).equals(List.of(GREETING)));
    Chat2DeskMessage greeting = c2d.received(client).get(0);
    assertEquals(Chat2DeskCompany.BOT_OPERATOR_ID, greeting.operatorId());
    assertEquals(List.of(new Chat2DeskMessage.Button("reply", "Talk to a human", "human")), greeting.buttons());

    try (SseClient log = baton.widget(conversation)) {
      Eventually.until(PATIENCE, "the visitor's message on the log", () -> !log.frames().isEmpty());
      Map<String, String> variables = new LinkedHashMap<>();
      log.frames().get(0).data().path("context").path("attributes").fields()
          .forEachRemaining(v -> variables.put(v.getKey(), v.getValue().asText()));
      assertEquals(Map.of("channel_message_id", Long.toString(hello.id()), "channel_message_recipient", BOT,
          "channel_visitor_id", Long.toString(client), "channel_conversation_id", Long.toString(hello.dialogId()),
          "channel_visitor_phone", "79001234567", "channel_visitor_firstname", "Mia",
          "channel_chat_id", client + "|chat2desk"), variables);

      c2d.clientTaps(client, greeting.id(), 0);
      Chat2DeskSimulator.Dialog[] dialog = new Chat2DeskSimulator.Dialog[1];
      Eventually.until(PATIENCE, "the dialog with a human operator", () -> c2d.openDialogOf(client)
          .filter(d -> d.operatorId() != null && d.operatorId() != Chat2DeskCompany.BOT_OPERATOR_ID)
          .map(d -> dialog[0] = d).isPresent());
      assertEquals(hello.dialogId(), dialog[0].id());
      String operator = Long.toString(dialog[0].operatorId());
      AgentDesk desk = baton.sandbox.desk("chat2desk");
      String chat = Long.toString(dialog[0].id());
      desk.accept(chat, operator);
      desk.say(chat, "Hi Mia, an operator here. How can I help?");
      Eventually.until(PATIENCE, "the operator's reply on the Baton log",
          () -> log.frames().stream().anyMatch(f -> f.event().equals("agent.message")));
      desk.end(chat);
      Eventually.until(PATIENCE, "back with the bot in Chat2Desk", () -> texts(c2d, client).contains(DemoBot.BACK));

      c2d.clientWrites(client, "one more thing");
      String answer =
          "I am only a demo bot, so I cannot help with \"one more thing\". Type \"human\" to talk to an agent.";
      Eventually.until(PATIENCE, "the bot's answer", () -> texts(c2d, client).contains(answer));
      // The operator's reply reached the client once (Chat2Desk itself sent it); the bot is back and says so once.
      assertEquals(List.of(GREETING, FINDING, "Hi Mia, an operator here. How can I help?", DemoBot.BACK, answer),
          texts(c2d, client));
      List<Chat2DeskMessage> received = c2d.received(client);
      assertEquals(List.of(BOT, BOT, operator, BOT, BOT), received.stream().map(m -> String.valueOf(m.operatorId()))
          .toList());
      assertNotEquals(hello.dialogId(), received.get(4).dialogId(), "the next message opened a new dialog");

      Eventually.until(PATIENCE, "the bot's answer on the log", () -> log.frames().size() == 14);
      List<String> seen = log.frames().stream().map(BatonUnderTest::summary).toList();
      // The bot asks for the handover once its words are on the log.
      assertEquals(List.of("1 visitor.message [bot] hello", "2 bot.message [bot] " + GREETING,
          "3 visitor.message [bot] human", "4 bot.message [bot] " + FINDING, "5 handover.started [agent] chat2desk"),
          seen.subList(0, 5), seen.toString());
      String name = log.frames().get(6).data().path("agentName").asText();
      assertEquals(List.of("6 chat.queued [agent] ", "7 agent.joined [agent] " + name,
          "8 agent.message [agent] " + name + ": Hi Mia, an operator here. How can I help?"),
          seen.subList(5, 8), seen.toString());
      // The closed dialog is two events (the handover's end, the channel's service message): either lands first.
      List<String> closing = seen.subList(8, 12).stream().map(l -> l.substring(l.indexOf(' ') + 1)).toList();
      assertEquals(List.of("chat.ended [agent] by agent", "control.returned [bot] the chat ended",
          "bot.message [bot] " + DemoBot.BACK), closing.stream().filter(l -> !l.startsWith("visitor")).toList(),
          seen.toString());
      assertEquals(1, closing.stream().filter(l -> l.matches("visitor.message \\[(agent|bot)] c2d: dialog closed"))
          .count(), seen.toString());
      assertEquals(List.of("13 visitor.message [bot] one more thing", "14 bot.message [bot] " + answer),
          seen.subList(12, 14));

      // An operator closes the bot's own dialog: the service message gets the bot's answer.
      c2d.closeDialog(received.get(4).dialogId());
      Eventually.until(PATIENCE, "the answer to the service message",
          () -> texts(c2d, client).contains(DemoBot.DIALOG_CLOSED_ANSWER));
      assertEquals(6, texts(c2d, client).size(), texts(c2d, client).toString());
    }
  }

  @Test
  void aWidgetVisitorWhoAsksForChat2DeskIsHandedToAnOperatorThroughTheExternalChannel() throws Exception {
    String conversation = "chat2desk-bridge-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
      Eventually.until(PATIENCE, "the bot's greeting in the widget", () -> widget.frames().size() == 2);
      assertEquals("Chat2Desk -> human chat2desk", widget.frames().get(1).data().path("quickReplies")
          .path(1).path("title").asText() + " -> "
          + widget.frames().get(1).data().path("quickReplies").path(1)
              .path("payload").asText());
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"human chat2desk\"}").statusCode());

      Chat2DeskSimulator c2d = baton.sandbox.chat2desk();
      // The connector's documented client key: baton-<name-based UUID of tenant/conversation>.
      String externalId = "baton-" + UUID.nameUUIDFromBytes(
          (LocalStack.DEV_TENANT + "/" + conversation).getBytes(StandardCharsets.UTF_8));
      long[] client = new long[1];
      Eventually.until(PATIENCE, "Ada as a client of the external channel",
          () -> c2d.externalClient(externalId).map(id -> client[0] = id).isPresent());
      Chat2DeskSimulator.Dialog[] dialog = new Chat2DeskSimulator.Dialog[1];
      // Chat2Desk gives the new dialog to the bot first (its auto-assignment), then Baton to the group's operator.
      Eventually.until(PATIENCE, "the dialog with an operator of the group", () -> c2d.openDialogOf(client[0])
          .filter(d -> d.operatorId() != null && d.operatorId() != Chat2DeskCompany.BOT_OPERATOR_ID)
          .map(d -> dialog[0] = d).isPresent());
      assertEquals(Chat2DeskCompany.EXTERNAL_CHANNEL_ID, dialog[0].channelId());
      String chat = Long.toString(dialog[0].id());
      AgentDesk desk = baton.sandbox.desk("chat2desk");
      desk.accept(chat, Long.toString(dialog[0].operatorId()));
      desk.say(chat, "Hello Ada, an operator here.");
      Eventually.until(PATIENCE, "the operator's reply in the widget", () -> widget.frames().stream()
          .anyMatch(f -> f.event().equals("agent.message")));
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"My parcel is late\"}").statusCode());
      Eventually.until(PATIENCE, "the visitor's message with the operator", () -> fromClient(c2d, client[0])
          .contains("My parcel is late"));

      desk.end(chat);
      Eventually.until(PATIENCE, "back with the bot in the widget", () -> widget.frames().stream()
          .anyMatch(f -> f.event().equals("bot.message") && f.data().path("text").asText().equals(DemoBot.BACK)));
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", "{\"text\": \"thanks\"}")
          .statusCode());
      String answer = "I am only a demo bot, so I cannot help with \"thanks\". Type \"human\" to talk to an agent.";
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().stream()
          .anyMatch(f -> f.data().path("text").asText().equals(answer)));

      // The closed dialog is the widget visitor's handover ending, never a Chat2Desk conversation of its own.
      assertEquals(List.of("Hello Ada, an operator here."), c2d.received(client[0]).stream()
          .map(Chat2DeskMessage::text).toList());
      assertEquals(List.of("Handed over by the bot. The conversation so far:\nVisitor: hello\nBot: " + GREETING
          + "\nVisitor: human chat2desk\nBot: " + FINDING, "My parcel is late"), fromClient(c2d, client[0]));
      List<String> seen = widget.frames().stream().map(BatonUnderTest::summary).toList();
      String name = widget.frames().get(6).data().path("agentName").asText();
      assertEquals(List.of("1 visitor.message [bot] hello", "2 bot.message [bot] " + GREETING,
          "3 visitor.message [bot] human chat2desk", "4 bot.message [bot] " + FINDING,
          "5 handover.started [agent] chat2desk"), seen.subList(0, 5), seen.toString());
      assertEquals(List.of("6 chat.queued [agent] ", "7 agent.joined [agent] " + name,
          "8 agent.message [agent] " + name + ": Hello Ada, an operator here.",
          "9 visitor.message [agent] My parcel is late", "10 chat.ended [agent] by agent",
          "11 control.returned [bot] the chat ended", "12 bot.message [bot] " + DemoBot.BACK,
          "13 visitor.message [bot] thanks", "14 bot.message [bot] " + answer), seen.subList(5, seen.size()),
          seen.toString());
    }
  }

  /**
   * A restart of the local stack with the same {@code .baton/}: the connection exists (409) and is left as it is; a
   * setting changed by hand is put back, one added by hand kept.
   */
  @Test
  void preparingAgainLeavesTheConnectionOrPutsItsSettingsRight() throws Exception {
    JsonNode before = connection();
    new DemoChat2Desk(baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + chat2desk.webhookPort());
    assertEquals(before, connection(), "not written again");

    HttpResponse<String> changed = baton.patch("/v1/connections/" + DemoChat2Desk.CONNECTION,
        "{\"settings\": {\"operatorId\": \"1001\", \"serviceMessages\": \"false\", \"externalChannelId\": \"14\","
            + " \"webhookUrl\": \"http://localhost:" + chat2desk.webhookPort() + "/webhooks/chat2desk/chat2desk\","
            + " \"signatureHeader\": \"X-Chat2Desk-Signature\"}}");
    assertEquals(200, changed.statusCode(), changed.body());
    new DemoChat2Desk(baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + chat2desk.webhookPort());
    JsonNode settings = connection().path("settings");
    assertEquals(
        JSON.readTree("{\"operatorId\": \"1001\", \"serviceMessages\": \"true\", \"externalChannelId\": \"14\","
            + " \"webhookUrl\": \"http://localhost:" + chat2desk.webhookPort() + "/webhooks/chat2desk/chat2desk\","
            + " \"signatureHeader\": \"X-Chat2Desk-Signature\"}"),
        settings);
    Eventually.until(PATIENCE, "the connection active again",
        () -> connection().path("status").asText().equals("active")
            && chat2desk.connections().isActive(DemoChat2Desk.CONNECTION));
  }

  /** The connection as the ingress shows it (its settings, status and last update). */
  private static JsonNode connection() {
    try {
      HttpResponse<String> r = baton.get("/v1/connections/" + DemoChat2Desk.CONNECTION);
      assertEquals(200, r.statusCode(), r.body());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** What the client received in Chat2Desk, oldest first. */
  private static List<String> texts(Chat2DeskSimulator c2d, long client) {
    return c2d.received(client).stream().map(Chat2DeskMessage::text).toList();
  }

  /** What the client of the external channel (Baton's widget visitor) wrote, as the operator sees it. */
  private static List<String> fromClient(Chat2DeskSimulator c2d, long client) {
    return c2d.messagesOf(client).stream().filter(m -> m.type().equals(Chat2DeskMessage.FROM_CLIENT))
        .map(Chat2DeskMessage::text).toList();
  }
}
