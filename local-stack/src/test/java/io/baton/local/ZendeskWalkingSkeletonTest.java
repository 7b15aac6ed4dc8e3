package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.connector.zendesk.sunco.SuncoConversationIds;
import io.baton.operations.HealthCheck;
import io.baton.operations.Operations;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.sunco.AgentTicket;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Zendesk as the local stack runs it, on a real broker: the demo tenant's Zendesk set up by {@link DemoZendesk}, the
 * demo bot as the SunCo app's switchboard integration, and the three ways a conversation meets a Zendesk agent: the
 * messenger's user handed over by the bot, an agent's ticket that starts the conversation, and a widget visitor
 * handed to SunCo (the bridge).
 */
@ExtendWith(KafkaBrokerExtension.class)
class ZendeskWalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
  private static final String GREETING =
      "Hi! I am Baton's demo bot. Ask for a human whenever you want to talk to an agent.";
  private static final String BACK = DemoBot.BACK;
  private static final ObjectMapper JSON = new ObjectMapper();

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;
  static ZendeskConnector zendesk;
  static DemoBot bot;
  static final HttpClient HTTP = HttpClient.newHttpClient();

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    baton = new BatonUnderTest(kafka, stateDir, "zendesk-skeleton", SandboxConfig.defaults().withPort(0),
        (sandbox, settings) -> zendesk = new ZendeskConnector(ZendeskConfig.fromEnv(LocalStack.withDevDefaults(
            Map.of("BATON_ZENDESK_API_URL", sandbox.zendeskUrl(), "BATON_ZENDESK_WEBHOOK_PORT", "0"))), settings));
    new DemoZendesk(baton.sandbox.zendeskUrl(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + zendesk.webhookPort());
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    BatonUnderTest.skipEarlierConversations(settings);
    bot = new DemoBot(settings, baton.ingressUrl(), LocalStack.DEV_BOT_KEY,
        new HandoverChoice(DemoZendesk.SUNCO_CONNECTION, null, null));
    bot.start();
    // Ready once it joined its group: alone in it, it owns every partition of the log.
    Eventually.assertThat(PATIENCE, () -> assertEquals(HealthCheck.Status.up("owns partitions 0, 1, 2, 3, 4, 5"),
        Operations.process().readiness().get(DemoBot.READINESS)));
    Eventually.until(PATIENCE, "both Zendesk connections active",
        () -> zendesk.sunco().connections().isActive(DemoZendesk.SUNCO_CONNECTION)
            && zendesk.support().connections().isActive(DemoZendesk.SUPPORT_CONNECTION));
  }

  @AfterAll
  static void stopBaton() {
    bot.stop();
    assertNull(Operations.process().readiness().get(DemoBot.READINESS), "a stopped bot's check is gone");
    baton.close();
  }

  @Test
  void theMessengersUserTalksToTheBotThenToAnAgentAndBackToTheBot() throws Exception {
    SuncoSimulator sunco = baton.sandbox.sunco();
    String user = "mia-" + UUID.randomUUID() + "@example.com";
    sunco.userWrites(user, "hello");
    String conversation = sunco.conversationOf(user).orElseThrow();
    Eventually.until(PATIENCE, "the bot's greeting", () -> businessTexts(conversation).equals(List.of(GREETING)));
    JsonNode greeting = business(conversation).get(0);
    assertEquals(List.of("reply: Talk to a human -> human"), actions(greeting));

    try (SseClient log = baton.widget(SuncoConversationIds.of(conversation))) {
      sunco.userTapsReply(user, greeting.path("id").asText(), 0);
      AgentDesk desk = baton.sandbox.desk("sunco");
      AgentTicket ticket = ticketOf(conversation);
      desk.accept(ticket.id(), "Alex");
      desk.say(ticket.id(), "Hi Mia, Alex here. How can I help?");
      Eventually.until(PATIENCE, "the agent's reply on the Baton log", () -> log.frames().stream()
          .anyMatch(f -> f.event().equals("agent.message")));
      desk.end(ticket.id());
      Eventually.until(PATIENCE, "back with the bot in the messenger",
          () -> businessTexts(conversation).contains(BACK));

      // "Ticket closed": the Agent Workspace's activity message, which the messenger shows too.
      assertEquals(List.of(GREETING, "Let me find you a human. One moment…", "Hi Mia, Alex here. How can I help?",
          "Ticket closed", BACK), businessTexts(conversation));
      Eventually.until(PATIENCE, "the bot's last answer on the log", () -> log.frames().size() == 11);
      List<String> seen = log.frames().stream().map(BatonUnderTest::summary).toList();
      assertEquals(List.of("1 visitor.message [bot] hello", "2 bot.message [bot] " + GREETING,
          "3 visitor.message [bot] human"), seen.subList(0, 3), seen.toString());
      // The bot says it looks for a human and asks the ingress for the handover at once: either lands first.
      assertEquals(List.of("bot.message [bot] Let me find you a human. One moment…",
          "handover.started [agent] zendesk_sunco"),
          seen.subList(3, 5).stream().map(l -> l.substring(2)).sorted().toList(), seen.toString());
      assertEquals(List.of("6 chat.queued [agent] ", "7 agent.joined [agent] Alex",
          "8 agent.message [agent] Alex: Hi Mia, Alex here. How can I help?", "9 chat.ended [agent] by agent",
          "10 control.returned [bot] the chat ended", "11 bot.message [bot] " + BACK), seen.subList(5, 11));
    }
  }

  @Test
  void anAgentsTicketStartsTheConversationAndSolvingItGivesItBackToTheBot() throws Exception {
    SuncoSimulator sunco = baton.sandbox.sunco();
    String email = "noah-" + UUID.randomUUID() + "@example.com";
    sunco.userWrites(email, "hello");
    String conversation = sunco.conversationOf(email).orElseThrow();
    Eventually.until(PATIENCE, "the bot's greeting", () -> businessTexts(conversation).equals(List.of(GREETING)));

    JsonNode created = console("/sandbox/zendesk/tickets", "{\"requesterEmail\":\"" + email + "\","
        + "\"requesterName\":\"Noah\",\"subject\":\"Your order\",\"comment\":\"Hello Noah, your order shipped.\","
        + "\"tags\":[\"sunco_send\"]}", 201);
    long ticket = created.path("id").asLong();
    Eventually.until(PATIENCE, "the proactive message in the messenger",
        () -> businessTexts(conversation).contains("Hello Noah, your order shipped."));
    sunco.userWrites(email, "Thanks! When will it arrive?");
    long requester = baton.sandbox.zendesk().ticket(ticket).orElseThrow().requesterId();
    Eventually.until(PATIENCE, "the reply on the ticket", () -> baton.sandbox.zendesk().agent().comments(ticket)
        .stream().anyMatch(c -> c.authorId() == requester && c.body().equals("Thanks! When will it arrive?")));

    console("/sandbox/desk/zendesk/chats/" + ticket + "/end", "{}", 200);
    Eventually.until(PATIENCE, "back with the bot", () -> businessTexts(conversation).contains(BACK));
    sunco.userWrites(email, "one more thing");
    String answer =
        "I am only a demo bot, so I cannot help with \"one more thing\". Type \"human\" to talk to an agent.";
    Eventually.until(PATIENCE, "the bot's answer", () -> businessTexts(conversation).contains(answer));
    assertEquals(List.of(GREETING, "Hello Noah, your order shipped.", BACK, answer), businessTexts(conversation));
    assertEquals(List.of("Hello Noah, your order shipped.", "Thanks! When will it arrive?"),
        baton.sandbox.zendesk().agent().comments(ticket).stream().map(c -> c.body()).toList());
  }

  @Test
  void aWidgetVisitorIsHandedToSuncoWithTheTranscript() throws Exception {
    String conversation = "zendesk-bridge-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
      Eventually.until(PATIENCE, "the bot's greeting in the widget", () -> widget.frames().size() == 2);
      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover",
          "{\"crmPlatform\": \"sunco\", \"connectionId\": \"" + DemoZendesk.SUNCO_CONNECTION
              + "\", \"tags\": [\"bridge\"]}");
      assertEquals(202, handover.statusCode(), handover.body());

      AgentTicket[] ticket = new AgentTicket[1];
      Eventually.until(PATIENCE, "the ticket in the Agent Workspace", () -> baton.sandbox.sunco().tickets().stream()
          .filter(t -> "Ada".equals(t.requesterName())).findFirst().map(t -> ticket[0] = t).isPresent());
      assertEquals(List.of("bridge"), ticket[0].tags());
      AgentDesk desk = baton.sandbox.desk("sunco");
      assertEquals(List.of("visitor: hello", "bot: " + GREETING), desk.chat(ticket[0].id()).orElseThrow()
          .transcript().stream().map(l -> l.from() + ": " + l.text()).toList());
      desk.accept(ticket[0].id(), "Alex");
      desk.say(ticket[0].id(), "Hello Ada, Alex here.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 6);
      assertEquals(List.of("1 visitor.message [bot] hello", "2 bot.message [bot] " + GREETING,
          "3 handover.started [agent] zendesk_sunco", "4 chat.queued [agent] ", "5 agent.joined [agent] Alex",
          "6 agent.message [agent] Alex: Hello Ada, Alex here."),
          widget.frames().stream().map(BatonUnderTest::summary).toList());
    }
  }

  /** What a restart of the local stack with the same {@code .baton/} does: the setup finds everything in place. */
  @Test
  void preparingAgainFindsEverythingInPlace() throws Exception {
    String before = connections();
    assertEquals(List.of("CreateIntegration", "CreateSwitchboardIntegration"), setupWrites());
    new DemoZendesk(baton.sandbox.zendeskUrl(), baton.ingressUrl(), LocalStack.DEV_BOT_KEY)
        .prepare("http://localhost:" + zendesk.webhookPort());
    assertEquals(before, connections(), "the connections' settings as they were");
    assertEquals(List.of("CreateIntegration", "CreateSwitchboardIntegration"), setupWrites());
  }

  /** The SunCo calls that change the app's integrations, in order. */
  private static List<String> setupWrites() {
    return baton.sandbox.sunco().journal().requests().stream().map(r -> r.operation())
        .filter(o -> o.matches("(Create|Update|Delete)(Integration|Webhook|SwitchboardIntegration)")).toList();
  }

  /** The demo tenant's connections and their settings, one a line. */
  private static String connections() throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baton.ingressUrl() + "/v1/connections"))
        .header("Authorization", "Bearer " + LocalStack.DEV_BOT_KEY).build(), HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    StringBuilder settings = new StringBuilder();
    JSON.readTree(r.body()).path("connections").forEach(c -> settings.append(c.path("connectionId").asText())
        .append(' ').append(c.path("settings")).append('\n'));
    return settings.toString();
  }

  private static AgentTicket ticketOf(String conversation) {
    AgentTicket[] found = new AgentTicket[1];
    Eventually.until(PATIENCE, "the ticket in the Agent Workspace", () -> {
      Optional<AgentTicket> t = baton.sandbox.sunco().tickets().stream()
          .filter(x -> x.conversationId().equals(conversation)).findFirst();
      t.ifPresent(x -> found[0] = x);
      return t.isPresent();
    });
    return found[0];
  }

  private static List<JsonNode> business(String conversation) {
    return baton.sandbox.sunco().messages(conversation).stream()
        .filter(m -> m.path("author").path("type").asText().equals("business")).toList();
  }

  private static List<String> businessTexts(String conversation) {
    return business(conversation).stream().map(m -> m.path("content").path("text").asText()).toList();
  }

  /** A message's actions as "type: text -> payload". */
  private static List<String> actions(JsonNode message) {
    List<String> out = new java.util.ArrayList<>();
    message.path("content").path("actions").forEach(a -> out.add(a.path("type").asText() + ": "
        + a.path("text").asText() + " -> " + a.path("payload").asText()));
    return out;
  }

  /** A call to the sandbox's console routes, as the console page makes it; the answer, of the status expected. */
  private static JsonNode console(String path, String body, int expected) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(baton.sandbox.baseUrl() + path))
        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertEquals(expected, r.statusCode(), r.body());
    return JSON.readTree(r.body());
  }
}
