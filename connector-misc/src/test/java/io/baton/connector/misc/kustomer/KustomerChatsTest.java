package io.baton.connector.misc.kustomer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.EndedBy;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.sandbox.kustomer.KustomerMessage;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.testkit.Eventually;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The handover's calls against the sandbox's Kustomer (customer found or created, the handoff's transcript or the
 * session it falls back to, queue, tags), what is relayed and skipped, forged webhooks, and a connection's plan.
 */
class KustomerChatsTest extends KustomerConnected {
  static final String CONNECTION = "kustomer-chats-1";

  KustomerChatsTest() {
    super(CONNECTION, "chats");
  }

  @Test
  void aNewCustomerIsCreatedHandedOffWithTheTranscriptRoutedAndTagged() {
    String c = "new-" + fx.run;
    String email = "nina-" + fx.run + "@example.com";
    String queue = kustomer.queue("Billing");
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Nina", email, queue, List.of("vip", "from-bot")));
    KustomerSimulator.Conversation conversation = KustomerSeeds.queued(fx, c);
    KustomerSimulator.Customer customer = kustomer.customerByEmail(email).orElseThrow();
    assertEquals("Nina", customer.name());
    assertEquals(List.of("vip", "from-bot"), customer.tags());
    assertEquals("baton-acme-" + c, customer.externalId());
    assertEquals(customer.id(), conversation.customerId());
    assertEquals("open", conversation.status());
    assertEquals(queue, conversation.queueId());
    assertEquals(List.of("vip", "from-bot"), conversation.tags());
    assertEquals("in:I need a human;out:Connecting you to an agent;", KustomerSeeds.lines(conversation.messages()));
    assertTrue(conversation.messages().stream().allMatch(KustomerMessage::imported), "imported by the handoff");
    assertEquals(kustomer.apiUserId(), conversation.messages().get(1).createdBy(), "the bot lines from our user");
  }

  @Test
  void aKnownCustomerIsFoundByEmailAndGetsASecondConversation() {
    String email = "omar-" + fx.run + "@example.com";
    String first = "known1-" + fx.run;
    fx.start(first, KustomerSeeds.startChat(CONNECTION, "Omar", email, null, List.of()));
    KustomerSimulator.Conversation one = KustomerSeeds.queued(fx, first);
    String second = "known2-" + fx.run;
    fx.start(second, KustomerSeeds.startChat(CONNECTION, "Omar again", email, null, List.of()));
    KustomerSimulator.Conversation two = KustomerSeeds.queued(fx, second);
    assertEquals(one.customerId(), two.customerId());
    assertEquals("Omar", kustomer.customer(one.customerId()).orElseThrow().name(), "found, not changed");
    assertEquals(2, kustomer.conversationsOf(one.customerId()).size());
    assertEquals(kustomer.defaultQueueId(), two.queueId(), "without a queue Kustomer routes it");
  }

  @Test
  void aTranscriptTheHandoffCannotTakeIsPostedIntoASessionOfItsOwn() {
    String c = "short-" + fx.run;
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Pia", "pia-" + fx.run + "@example.com", null, List.of(),
        List.of(new TranscriptEntry(TranscriptRole.visitor, "agent please", Instant.parse("2026-11-29T10:00:00Z")))));
    assertEquals("in:agent please;", KustomerSeeds.lines(KustomerSeeds.queued(fx, c).messages()));
    String bots = "bots-" + fx.run;
    fx.start(bots, KustomerSeeds.startChat(CONNECTION, "Quinn", "quinn-" + fx.run + "@example.com", null, List.of(),
        List.of(new TranscriptEntry(TranscriptRole.bot, "Hello!", Instant.parse("2026-11-29T10:00:00Z")),
            new TranscriptEntry(TranscriptRole.bot, "Let me find someone", Instant.parse("2026-11-29T10:00:01Z")))));
    KustomerSimulator.Conversation conversation = KustomerSeeds.queued(fx, bots);
    assertEquals("out/auto:Hello!;out/auto:Let me find someone;", KustomerSeeds.lines(conversation.messages()));
    assertTrue(conversation.messages().stream().noneMatch(KustomerMessage::imported));
  }

  @Test
  void agentFilesAreRelayedAutomatedAndVisitorMessagesAreNot() {
    String c = "files-" + fx.run;
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Rui", "rui-" + fx.run + "@example.com", null, List.of()));
    String id = KustomerSeeds.queued(fx, c).id();
    desk.accept(id, "Alex");
    kustomer.automationSays(id, "An automated hint");
    fx.say(c, "v1-" + c, "my screenshot", List.of(new Attachment("https://files.example.com/s.png", "s.png",
        "image/png", 2048L)));
    Eventually.until(ConnectorFixture.PATIENCE, "the visitor's file in Kustomer", () -> kustomer.conversation(id)
        .orElseThrow().messages().stream().anyMatch(m -> "my screenshot".equals(m.body())));
    kustomer.agentSends(id, "the form", List.of(new KustomerMessage.Attachment("https://files.example.com/f.pdf",
        "f.pdf", "application/pdf", 1234L)));
    desk.end(id);
    String alex = kustomer.addAgent("Alex");
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Alex", alex),
        new AgentMessage("the form", "Alex", List.of(new Attachment("https://files.example.com/f.pdf", "f.pdf",
            "application/pdf", 1234L))),
        new ChatEnded(EndedBy.agent, "done")), fx.agentEventsOf(c, 4));
    KustomerMessage visitor = kustomer.conversation(id).orElseThrow().messages().stream()
        .filter(m -> "my screenshot".equals(m.body())).findFirst().orElseThrow();
    assertEquals("in", visitor.direction());
    assertEquals("v1-" + c, visitor.externalId());
    assertEquals(List.of(new KustomerMessage.Attachment("https://files.example.com/s.png", "s.png", "image/png",
        null)), visitor.attachments());
  }

  @Test
  void forgedOrMisaddressedWebhooksAreRefusedAndPublishNothing() throws Exception {
    String c = "forged-" + fx.run;
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Sia", "sia-" + fx.run + "@example.com", null, List.of()));
    String id = KustomerSeeds.queued(fx, c).id();
    String body = "{\"id\":\"forged-" + fx.run + "\",\"name\":\"kustomer.conversation.update\",\"org\":\"o\","
        + "\"createdAt\":\"" + Instant.now() + "\",\"data\":{\"type\":\"conversation\",\"id\":\"" + id + "\"},"
        + "\"changes\":{\"attributes\":{\"status\":{\"before\":\"open\",\"after\":\"done\"}}}}";
    int port = service.webhookPort();
    String token = KustomerSeeds.tokenAt(fx, KustomerSeeds.webhookUrl(port, CONNECTION));
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    assertEquals(401, KustomerSeeds.post(port, CONNECTION, body, KustomerWebhooks.sign("guessed", bytes),
        CONNECTION));
    assertEquals(401, KustomerSeeds.post(port, CONNECTION, body, null, CONNECTION));
    assertEquals(401, KustomerSeeds.post(port, CONNECTION, body, KustomerWebhooks.sign(token, bytes), null),
        "without the registration's connection header");
    assertEquals(401, KustomerSeeds.post(port, CONNECTION, body, KustomerWebhooks.sign(token, bytes), "other"));
    desk.accept(id, "Bo");
    assertEquals(List.of(new ChatQueued(null, null), new AgentJoined("Bo", kustomer.addAgent("Bo"))),
        fx.agentEventsOf(c, 2));
    assertEquals(2, fx.allAgentEventsOf(c).size(), "nothing of the forged end");
    assertEquals("open", kustomer.conversation(id).orElseThrow().status());
  }

  @Test
  void aStartRepeatedAfterKustomerOpenedTheSessionGoesOnWithIt() throws Exception {
    String c = "repeat-" + fx.run;
    String email = "uma-" + fx.run + "@example.com";
    // Before a crash: the customer and the session were created, the link never recorded them.
    String customer = KustomerSeeds.api(fx, "POST", "/v1/customers", "{\"name\":\"Uma\",\"emails\":[{\"type\":"
        + "\"home\",\"email\":\"" + email + "\"}]}").path("data").path("id").asText();
    KustomerSeeds.api(fx, "POST", "/v2.1/chat/handoff", "{\"customerId\":\"" + customer + "\",\"from\":\""
        + kustomer.apiUserId() + "\",\"externalId\":\"h-" + c + "\",\"messages\":[{\"direction\":\"in\","
        + "\"body\":\"I need a human\",\"date\":\"2026-11-29T10:00:00Z\"},{\"direction\":\"out\",\"body\":"
        + "\"Connecting you to an agent\",\"date\":\"2026-11-29T10:00:01Z\"}]}");
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Uma", email, null, List.of("again")));
    KustomerSimulator.Conversation conversation = KustomerSeeds.queued(fx, c);
    assertEquals(1, kustomer.conversationsOf(customer).size(), "no second session");
    assertEquals(List.of("again"), conversation.tags());
    assertEquals("in:I need a human;out:Connecting you to an agent;", KustomerSeeds.lines(conversation.messages()));
  }

  @Test
  void unorderedDuplicatedDeliveriesRelayEachAgentMessageOnceInTheSessionsOrder() {
    String c = "scrambled-" + fx.run;
    fx.start(c, KustomerSeeds.startChat(CONNECTION, "Vic", "vic-" + fx.run + "@example.com", null, List.of()));
    String id = KustomerSeeds.queued(fx, c).id();
    kustomer.scrambleDeliveries(java.time.Duration.ofMillis(400));
    try {
      desk.accept(id, "Wen");
      for (int i = 1; i <= 5; i++) {
        desk.say(id, "step " + i);
      }
      desk.end(id);
      String wen = kustomer.addAgent("Wen");
      List<Object> expected = new java.util.ArrayList<>(List.of(new ChatQueued(null, null),
          new AgentJoined("Wen", wen)));
      for (int i = 1; i <= 5; i++) {
        expected.add(new AgentMessage("step " + i, "Wen", List.of()));
      }
      expected.add(new ChatEnded(EndedBy.agent, "done"));
      assertEquals(expected, fx.agentEventsOf(c, expected.size()));
      Eventually.until(ConnectorFixture.PATIENCE, "every delivery of the chat made twice", () -> kustomer
          .deliveries().stream().filter(d -> d.body().contains(id) && d.status() == 200).count() >= 14);
      assertEquals(expected, fx.allAgentEventsOf(c), "nothing more once every duplicate arrived");
    } finally {
      kustomer.scrambleDeliveries(null);
    }
  }
}
