package io.baton.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.events.Platform;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * One conversation through every layer with Dixa, on a real broker: widget -> ingress -> router -> Dixa connector ->
 * Dixa simulator -> signed webhooks -> connector -> router -> conversation log -> the widget's SSE stream.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DixaWalkingSkeletonTest {
  private static final Duration PATIENCE = BatonUnderTest.PATIENCE;
  /** The seed's Dixa payload, with the placeholder the ingress fills (no connectionId: the tenant's default). */
  private static final String SEED_DIXA_PAYLOAD = """
      {
        "tags": ["some", "tag"],
        "email": "{{email}}",
        "queueId": "8d921a1c-8da5-4788-b787-21024c230787",
        "widgetId": "a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a",
        "crmPlatform": "dixa"
      }""";

  @TempDir
  static Path stateDir;
  static BatonUnderTest baton;
  static DixaConnector dixa;

  @BeforeAll
  static void startBaton(KafkaBroker kafka) {
    baton = new BatonUnderTest(kafka, stateDir, "dixa-skeleton", SandboxConfig.defaults().withPort(0),
        (sandbox, settings) -> dixa = new DixaConnector(
            DixaConfig.of(sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0), settings));
  }

  @AfterAll
  static void stopBaton() {
    baton.close();
  }

  @Test
  void aVisitorIsHandedToADixaAgentAndBack() throws Exception {
    String conversation = "dixa-skeleton-" + UUID.randomUUID();
    Eventually.until(PATIENCE, "the Dixa connection active",
        () -> dixa.connections() != null && dixa.connections().isActive(DixaConfig.DEFAULT_CONNECTION));
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(200, widget.status());
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages", """
          {"text": "hello", "context": {"name": "Ada", "email": "ada@example.com"}}""").statusCode());
      Eventually.until(PATIENCE, "the visitor's message in the widget", () -> widget.frames().size() == 1);
      baton.botSays(conversation, "Hi Ada, how can I help?");
      Eventually.until(PATIENCE, "the bot's answer in the widget", () -> widget.frames().size() == 2);

      HttpResponse<String> handover = baton.post("/v1/conversations/" + conversation + "/handover", SEED_DIXA_PAYLOAD);
      assertEquals(202, handover.statusCode(), handover.body());
      Eventually.until(PATIENCE, "queued in the widget", () -> widget.frames().size() == 4);
      DixaConversation chat = baton.sandbox.dixa().conversations().get(baton.sandbox.dixa().conversations().size() - 1);
      assertEquals(DixaSimulator.DEFAULT_QUEUE, chat.queueId());
      assertEquals(List.of("some", "tag"), chat.tags());
      assertEquals(List.of("inbound:hello", "outbound:Hi Ada, how can I help?"),
          chat.messages().stream().map(m -> m.direction() + ":" + m.text()).toList());
      assertEquals("ada@example.com", baton.sandbox.dixa().endUsers().stream()
          .filter(u -> u.get("id").equals(chat.requesterId())).findFirst().orElseThrow().get("email"));

      baton.sandbox.dixa().assign(chat.id(), "Alex");
      Eventually.until(PATIENCE, "'Alex joined' in the widget", () -> widget.frames().size() == 5);
      assertEquals(202, baton.post("/v1/conversations/" + conversation + "/messages",
          "{\"text\": \"my order is late\"}").statusCode());
      Eventually.until(PATIENCE, "the message at the agent", () -> baton.sandbox.dixa().conversation(chat.id())
          .orElseThrow().messages().stream().anyMatch(m -> m.text().equals("my order is late")));
      baton.sandbox.dixa().reply(chat.id(), "Sorry to hear that, Ada. Let me check.");
      Eventually.until(PATIENCE, "the agent's reply in the widget", () -> widget.frames().size() == 7);
      baton.sandbox.dixa().closeByAgent(chat.id());
      Eventually.until(PATIENCE, "the end of the chat in the widget", () -> widget.frames().size() == 9);

      assertEquals(List.of(
          "1 visitor.message [bot] hello",
          "2 bot.message [bot] Hi Ada, how can I help?",
          "3 handover.started [agent] dixa",
          "4 chat.queued [agent] ",
          "5 agent.joined [agent] Alex",
          "6 visitor.message [agent] my order is late",
          "7 agent.message [agent] Alex: Sorry to hear that, Ada. Let me check.",
          "8 chat.ended [agent] by agent",
          "9 control.returned [bot] the chat ended"),
          widget.frames().stream().map(BatonUnderTest::summary).toList());
    }
  }

  /**
   * No Gorgias connector runs beside this Baton (another test's may have run and stopped): the handover fails within
   * seconds with the reason in the event bots and the widget get, and no command waits for a connector that starts
   * later.
   */
  @Test
  void aHandoverToAPlatformWithNoRunningConnectorFailsAtOnceWithTheReason() throws Exception {
    String conversation = "no-connector-" + UUID.randomUUID();
    try (SseClient widget = baton.widget(conversation)) {
      assertEquals(200, widget.status());
      long asked = System.nanoTime();
      HttpResponse<String> handover =
          baton.post("/v1/conversations/" + conversation + "/handover", "{\"crmPlatform\": \"gorgias\"}");
      assertEquals(202, handover.statusCode(), handover.body());
      Eventually.until(Duration.ofSeconds(5), "the failure in the widget", () -> widget.frames().size() == 1);
      assertTrue(System.nanoTime() - asked < Duration.ofSeconds(5).toNanos());

      SseClient.Frame failed = widget.frames().get(0);
      assertEquals("handover.failed", failed.event());
      assertEquals("bot", failed.data().path("controller").asText());
      String reason = failed.data().path("reason").asText();
      assertTrue(reason.matches("no connector for gorgias (has run|is running \\(last seen "
          + "\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\))"), reason);
      assertEquals(List.of(), baton.commandsOf(Platform.gorgias, "demo/" + conversation));
    }
  }
}
