package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static io.baton.local.MiscPlatformStory.ANSWER;
import static io.baton.local.MiscPlatformStory.REPLY;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.baton.connector.misc.MiscConfig;
import io.baton.connector.misc.MiscConnector;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kustomer, Freshchat, Gorgias and Oracle B2C Service chat as the local stack runs them, on a real broker and one
 * shared stack: connector-misc against the sandbox, the demo tenant's connections made by {@link DemoKustomer},
 * {@link DemoFreshchat}, {@link DemoGorgias} and {@link DemoOracle} through the ingress, and the demo bot. A widget visitor picks the helpdesk by its quick reply, is handed over with the bot's
 * transcript, talks to the agent on the sandbox's desk and is back with the bot when the agent ends the chat.
 */
@ExtendWith(KafkaBrokerExtension.class)
class MiscPlatformsWalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;
  static MiscConnector misc;
  static DemoBot bot;
  static String supportQueue;

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    baton = new BatonUnderTest(kafka, stateDir, "misc-skeleton", SandboxConfig.defaults().withPort(0),
        (sandbox, settings) -> misc = new MiscConnector(MiscConfig.fromEnv(LocalStack.withDevDefaults(Map.of(
            "BATON_KUSTOMER_API_URL", sandbox.kustomerUrl(), "BATON_FRESHCHAT_API_URL", sandbox.freshchatUrl(),
            "BATON_GORGIAS_API_URL", sandbox.gorgiasUrl(), "BATON_MISC_WEBHOOK_PORT", "0"))), settings));
    DemoKustomer kustomer = new DemoKustomer(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY);
    kustomer.prepare();
    supportQueue = kustomer.queueId();
    new DemoFreshchat(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + misc.webhookPort());
    new DemoGorgias(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY).prepare();
    new DemoOracle(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare();
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    BatonUnderTest.skipEarlierConversations(settings);
    bot = new DemoBot(settings, baton.ingressUrl(), LocalStack.DEV_BOT_KEY, HandoverChoice.salesforceOnly()
        .withKustomer(DemoKustomer.CONNECTION, supportQueue).withFreshchat(DemoFreshchat.CONNECTION)
        .withGorgias(DemoGorgias.CONNECTION).withOracle(DemoOracle.CONNECTION));
    bot.start();
    Eventually.until(PATIENCE, "the four connections active",
        () -> misc.kustomer().connections().isActive(DemoKustomer.CONNECTION)
            && misc.freshchat().connections().isActive(DemoFreshchat.CONNECTION)
            && misc.gorgias().connections().isActive(DemoGorgias.CONNECTION)
            && misc.oracle().connections().isActive(DemoOracle.CONNECTION));
  }

  @AfterAll
  static void stopBaton() {
    bot.stop();
    baton.close();
  }

  @Test
  void aWidgetVisitorWhoPicksKustomerTalksToAnAgentAndIsBackWithTheBot() throws Exception {
    String conversation = "kustomer-skeleton-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      String email = greetedThenPick(widget, conversation, "Kustomer");
      DeskChat chat = queuedAt("kustomer", email, widget);
      KustomerSimulator kustomer = baton.sandbox.kustomer();
      KustomerSimulator.Customer customer = kustomer.customerByEmail(email).orElseThrow();
      assertEquals("Ada", customer.name());
      assertEquals(List.of("baton", "demo"), customer.tags());
      KustomerSimulator.Conversation session = kustomer.conversation(chat.id()).orElseThrow();
      assertEquals(customer.id(), session.customerId());
      assertEquals(supportQueue, session.queueId());
      assertEquals(List.of("baton", "demo"), session.tags());

      talkAndEnd(widget, conversation, "kustomer", chat.id(), "Alex");
    }
  }

  @Test
  void aWidgetVisitorWhoPicksFreshchatTalksToAnAgentAndIsBackWithTheBot() throws Exception {
    String conversation = "freshchat-skeleton-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      String email = greetedThenPick(widget, conversation, "Freshchat");
      DeskChat chat = queuedAt("freshchat", email, widget);
      FreshchatSimulator freshchat = baton.sandbox.freshchat();
      FreshchatSimulator.Conversation opened = freshchat.conversation(chat.id()).orElseThrow();
      assertEquals(freshchat.group(DemoFreshchat.GROUP), opened.assignedGroupId());
      assertEquals(email, freshchat.user(opened.userIds().get(0)).orElseThrow().get("email"));

      talkAndEnd(widget, conversation, "freshchat", chat.id(), "Alex");
    }
  }

  @Test
  void aWidgetVisitorWhoPicksGorgiasTalksToAnAgentAndIsBackWithTheBot() throws Exception {
    String conversation = "gorgias-skeleton-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      String email = greetedThenPick(widget, conversation, "Gorgias");
      DeskChat chat = queuedAt("gorgias", email, widget);
      GorgiasSimulator gorgias = baton.sandbox.gorgias();
      GorgiasSimulator.Ticket ticket = gorgias.ticket(Long.parseLong(chat.id())).orElseThrow();
      GorgiasSimulator.Customer customer = gorgias.customerByEmail(email).orElseThrow();
      assertEquals("Ada", customer.name());
      assertEquals(customer.id(), ticket.customerId());
      assertEquals("chat", ticket.channel());
      assertEquals("Chat with Ada", ticket.subject());
      assertEquals(gorgias.team(DemoGorgias.TEAM), ticket.assigneeTeamId());
      assertEquals(List.of("baton", "demo"), ticket.tags());

      talkAndEnd(widget, conversation, "gorgias", chat.id(), "Alex");
    }
  }

  @Test
  void aWidgetVisitorWhoPicksOracleTalksToAnAgentAndIsBackWithTheBot() throws Exception {
    String conversation = "oracle-skeleton-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      String email = greetedThenPick(widget, conversation, "Oracle");
      DeskChat chat = queuedAt("oracle_chat", email, widget);
      OracleChatSimulator.Engagement engagement = baton.sandbox.oracle().engagements().stream()
          .filter(e -> Long.toString(e.engagementId()).equals(chat.id())).findFirst().orElseThrow();
      // The payload's session information, placeholder filled, and the connection's interface and queue merged in.
      assertEquals(JSON.readTree("{\"firstName\": \"Ada\", \"emailAddress\": \"" + email + "\", \"interfaceId\": "
          + DemoOracle.INTERFACE_ID + ", \"queueId\": " + DemoOracle.QUEUE_ID + "}"), engagement.sessionInformation());

      talkAndEnd(widget, conversation, "oracle_chat", chat.id(), "Alex");
    }
  }

  /**
   * A restart of the local stack with the same {@code .baton/}: the Kustomer, Gorgias and Oracle connections exist
   * (409) and are left as they are; the Freshchat one is given the sandbox account's key again (a restarted sandbox has a new pair) and is active
   * again with it.
   */
  @Test
  void preparingAgainLeavesKustomerGorgiasAndOracleAndRenewsFreshchatsSecrets() throws Exception {
    JsonNode kustomer = connection(DemoKustomer.CONNECTION);
    JsonNode freshchat = connection(DemoFreshchat.CONNECTION);
    JsonNode gorgias = connection(DemoGorgias.CONNECTION);
    JsonNode oracle = connection(DemoOracle.CONNECTION);
    assertEquals(JSON.readTree("{\"teamId\": \"" + baton.sandbox.gorgias().team(DemoGorgias.TEAM) + "\"}"),
        gorgias.path("settings"));
    assertEquals(List.of("apiKey", "email"), sorted(gorgias.path("secretNames")));
    assertEquals(JSON.readTree("{\"siteUrl\": \"" + baton.sandbox.oracleSiteUrl() + "\", \"interfaceId\": \"1\", "
        + "\"queueId\": \"1\", \"availabilityCheck\": \"true\"}"), oracle.path("settings"));
    assertEquals(List.of("password", "username"), sorted(oracle.path("secretNames")));
    new DemoKustomer(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY).prepare();
    new DemoGorgias(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY).prepare();
    new DemoOracle(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare();
    new DemoFreshchat(baton.sandbox.address(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + misc.webhookPort());
    assertEquals(kustomer, connection(DemoKustomer.CONNECTION), "not written again");
    assertEquals(gorgias, connection(DemoGorgias.CONNECTION), "not written again");
    assertEquals(oracle, connection(DemoOracle.CONNECTION), "not written again");
    JsonNode renewed = connection(DemoFreshchat.CONNECTION);
    assertNotEquals(freshchat.path("updatedAt"), renewed.path("updatedAt"), "written again");
    assertEquals(freshchat.path("settings"), renewed.path("settings"));
    assertEquals(List.of("publicKey", "token"), sorted(renewed.path("secretNames")));
    Eventually.until(PATIENCE, "the Freshchat connection active again",
        () -> connection(DemoFreshchat.CONNECTION).path("status").asText().equals("active")
            && misc.freshchat().connections().isActive(DemoFreshchat.CONNECTION));
  }

  /** The connection as the ingress shows it (settings, secret names, status, last update). */
  private static JsonNode connection(String id) {
    try {
      HttpResponse<String> r = baton.get("/v1/connections/" + id);
      assertEquals(200, r.statusCode(), r.body());
      return JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<String> sorted(JsonNode names) {
    List<String> out = new ArrayList<>();
    names.forEach(n -> out.add(n.asText()));
    return out.stream().sorted().toList();
  }

  /** Hello, the bot's greeting with the helpdesks to pick, the visitor taps one: the visitor's demo address. */
  private static String greetedThenPick(SseClient widget, String conversation, String helpdesk) throws Exception {
    assertEquals(200, widget.status());
    assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
        {"text": "hello", "context": {"name": "Ada"}}""").statusCode());
    Eventually.until(PATIENCE, "the bot's greeting in the widget", () -> widget.frames().size() == 2);
    List<String> offered = new ArrayList<>();
    widget.frames().get(1).data().path("quickReplies")
        .forEach(q -> offered.add(q.path("title").asText() + " -> " + q.path("payload").asText()));
    assertEquals(List.of("Talk to a human -> human", "Kustomer -> human kustomer", "Freshchat -> human freshchat",
        "Gorgias -> human gorgias", "Oracle -> human oracle"), offered);
    // The widget sends a quick reply's title.
    assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
        "{\"text\": \"" + helpdesk + "\"}").statusCode());
    return HandoverChoice.demoEmail(conversation);
  }

  /** The chat waiting on the platform's desk with the bot's transcript, once the widget says it is queued. */
  private static DeskChat queuedAt(String platform, String email, SseClient widget) {
    // Oracle tells the position right after: the queued event may not be the last one by now.
    Eventually.until(PATIENCE, "queued in the widget", () -> widget.frames().size() >= 6);
    DeskChat chat = baton.sandbox.desk(platform).chats().stream().filter(c -> c.context().containsValue(email))
        .findFirst().orElseThrow();
    assertEquals("Ada", chat.visitorName());
    assertEquals(MiscPlatformStory.transcriptAtDesk(platform), lines(chat));
    return chat;
  }

  /** The agent accepts and replies, the visitor answers, the agent ends: the widget's whole story, in order. */
  private static void talkAndEnd(SseClient widget, String conversation, String platform, String chatId, String agent)
      throws Exception {
    AgentDesk desk = baton.sandbox.desk(platform);
    desk.accept(chatId, agent);
    desk.say(chatId, "Hi Ada, " + agent + REPLY);
    Eventually.until(PATIENCE, "the agent's reply in the widget", () -> said(widget, REPLY));
    assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
        "{\"text\": \"" + ANSWER + "\"}").statusCode());
    Eventually.until(PATIENCE, "the visitor's message at the agent", () -> lines(desk.chat(chatId).orElseThrow())
        .contains("visitor: " + ANSWER));
    desk.end(chatId);
    Eventually.until(PATIENCE, "back with the bot in the widget", () -> said(widget, DemoBot.BACK));

    assertEquals(MiscPlatformStory.widgetEvents(platform, agent),
        widget.frames().stream().map(BatonUnderTest::summary).toList());
    assertEquals(MiscPlatformStory.deskAfterTheChat(platform, agent), lines(desk.chat(chatId).orElseThrow()));
  }

  private static boolean said(SseClient widget, String text) {
    return widget.frames().stream().anyMatch(f -> BatonUnderTest.summary(f).endsWith(text));
  }

  static List<String> lines(DeskChat chat) {
    return chat.transcript().stream().map(l -> l.from() + ": " + l.text()).toList();
  }
}
