package io.baton.connector.salesforce;

import io.baton.connector.testkit.ConnectorFixture;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Live Agent connector on a real broker against the sandbox's Live Agent simulator. */
@ExtendWith(KafkaBrokerExtension.class)
class LiveAgentChatsTest {
  private static final Duration PATIENCE = Duration.ofSeconds(30);
  static HelpdeskSandbox sandbox;
  static KafkaSettings settings;
  static KafkaProducer<String, ConnectorCommand> commands;
  static KafkaBroker kafka;

  @BeforeAll
  static void start(KafkaBroker broker) {
    kafka = broker;
    settings = KafkaSettings.of(broker.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(500)));
    commands =
        new KafkaProducer<>(settings.producerProperties("test-router"), Topics.connectorCommands(Platform.salesforce)
            .keySerde().serializer(), Topics.connectorCommands(Platform.salesforce).valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    commands.close();
    sandbox.close();
  }

  private ConnectorHost connector() {
    return connector(false);
  }

  private ConnectorHost connector(boolean checkAvailability) {
    // Resumed chats wait out one poll hold of the sandbox (500 ms) before polling, as they wait out Salesforce's.
    ConnectorHost host = SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(sandbox.liveAgentRestUrl())
        .withResumePollDelay(Duration.ofMillis(700)).withCheckAvailability(checkAvailability), settings);
    host.start();
    return host;
  }

  private static ConnectorCommand command(String conversation, String handoverId, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(Platform.salesforce).setHandoverId(handoverId)
        .setCausationId(id).setBody(body).build();
  }

  private static StartChat startChat(String conversation, String handoverId) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(handoverId).setOccurredAt(Instant.now())
        .setTenant("acme").setConversationId(conversation).setPlatform(Platform.salesforce)
        .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D6g000003Q6HI")
            .setDeploymentId("5726g000000k9nQ").setButtonId("5736g000000k9nQ")
            .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("en-US").setIsPost(true)
            .setPrechatDetails(List.of(SalesforceCustomDetail.newBuilder().setLabel("Order").setValue("A-17")
                .setTranscriptFields(List.of("Order__c")).build()))
            .build())
        .setContext(VisitorContext.newBuilder().setName("Ada")
            .setPageProperties(Map.of("userAgent", "UA/1", "screenRes", "800x600")).build())
        .build();
    return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "help", Instant.EPOCH),
        new TranscriptEntry(TranscriptRole.bot, "one moment", Instant.EPOCH)));
  }

  /** The router's sequences: 1, 2, 3... per conversation. */
  private static final java.util.Map<String, Long> sequences = new java.util.concurrent.ConcurrentHashMap<>();

  /** Sends as the router does, with the conversation's next sequence (a repeat sent again is a new command to it). */
  private void send(String conversation, ConnectorCommand command) throws Exception {
    ConnectorCommand sequenced = ConnectorCommand.newBuilder(command)
        .setSequence(sequences.merge(conversation, 1L, Long::sum)).build();
    commands.send(new ProducerRecord<>(Topics.connectorCommands(Platform.salesforce).name(), "acme/" + conversation,
        sequenced)).get();
  }

  private LiveAgentChat chatOf(String visitorName, ChatStatus status) {
    LiveAgentChat[] found = new LiveAgentChat[1];
    Eventually.until(PATIENCE, visitorName + "'s chat " + status, () -> sandbox.liveAgent().chats().stream()
        .filter(c -> c.visitorName().equals(visitorName) && c.status() == status).findFirst()
        .map(c -> found[0] = c).isPresent());
    return found[0];
  }

  private List<Object> agentEventsOf(String conversation, int expected) {
    var topic = Topics.CONVERSATION_INPUTS;
    return ConnectorFixture.agentEvents(kafka.readUntil(topic.name(), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer(), read -> ConnectorFixture.agentEvents(read).stream()
            .filter(r -> r.key().equals("acme/" + conversation)).count() >= expected,
        PATIENCE))
        .stream().filter(r -> r.key().equals("acme/" + conversation)).map(r -> (Object) r.value().getBody()).toList();
  }

  @Test
  void opensTheChatRelaysBothWaysAndSurvivesARestartWhileQueued() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    ConnectorHost first = connector();
    send(conversation, command(conversation, "h1", "cmd-start", startChat(conversation, "h1")));

    LiveAgentChat queued = chatOf("Ada", ChatStatus.QUEUED);
    assertEquals("UA/1", queued.userAgent());
    assertEquals("800x600", queued.screenResolution());
    assertEquals("en-US", queued.language());
    assertEquals(List.of(
        Map.of("label", "Order", "value", "A-17", "transcriptFields", List.of("Order__c"), "displayToAgent", true),
        Map.of("label", "Bot transcript", "value", "Visitor: help\nBot: one moment", "transcriptFields", List.of(),
            "displayToAgent", true)),
        queued.prechatDetails());
    assertEquals(List.of(new ChatQueued(1, 30)), agentEventsOf(conversation, 1));

    first.stop(); // the connector dies while the chat waits in the queue
    sandbox.liveAgent().accept(queued.sessionId(), "Alex");
    ConnectorHost second = connector();
    try {
      send(conversation,
          command(conversation, "h1", "cmd-msg", new SendVisitorMessage(new VisitorMessage("hi", List.of()))));
      Eventually.until(PATIENCE, "the visitor's message at the agent", () -> sandbox.liveAgent()
          .chat(queued.sessionId()).orElseThrow().transcript().size() == 1);
      sandbox.liveAgent().agentSays(queued.sessionId(), "Hello Ada");
      sandbox.liveAgent().endByAgent(queued.sessionId());

      List<Object> events = agentEventsOf(conversation, 4);
      String agentId = ((AgentJoined) events.get(1)).getAgentId();
      assertTrue(agentId.startsWith("005"), agentId);
      assertEquals(List.of(new ChatQueued(1, 30), new AgentJoined("Alex", agentId),
          new AgentMessage("Hello Ada", "Alex", List.of()), new ChatEnded(EndedBy.agent, "agent")), events);
      assertEquals(List.of("visitor:hi", "agent:Hello Ada"), sandbox.liveAgent().chat(queued.sessionId()).orElseThrow()
          .transcript().stream().map(l -> l.from() + ":" + l.text()).toList());
      assertEquals(1, sandbox.liveAgent().chats().stream().filter(c -> c.visitorName().equals("Ada")).count(),
          "exactly one chat was opened");
    } finally {
      second.stop();
    }
  }

  @Test
  void aReplayedMessageCommandReachesTheAgentOnce() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    ConnectorHost host = connector();
    try {
      StartChat start = startChat(conversation, "h7");
      start.getHandover().getContext().setName("Grace");
      send(conversation, command(conversation, "h7", "s7", start));
      LiveAgentChat chat = chatOf("Grace", ChatStatus.QUEUED);
      sandbox.liveAgent().accept(chat.sessionId(), "Alex");
      ConnectorCommand message =
          command(conversation, "h7", "m7", new SendVisitorMessage(new VisitorMessage("once", List.of())));
      send(conversation, message);
      send(conversation, message); // redelivered after a crash, say
      send(conversation, command(conversation, "h7", "e7", new EndChat("visitor left")));

      Eventually.until(PATIENCE, "the chat ended by the visitor", () -> sandbox.liveAgent().chat(chat.sessionId())
          .orElseThrow().status() == ChatStatus.ENDED);
      List<TranscriptLine> transcript = sandbox.liveAgent().chat(chat.sessionId()).orElseThrow().transcript();
      assertEquals(List.of("visitor:once"), transcript.stream().map(l -> l.from() + ":" + l.text()).toList());
      assertEquals("visitor", sandbox.liveAgent().chat(chat.sessionId()).orElseThrow().endedBy());
    } finally {
      host.stop();
    }
  }

  @Test
  void aRefusedChatBecomesAHandoverFailure() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    sandbox.liveAgent().setAgentsOnline(false);
    ConnectorHost host = connector();
    try {
      StartChat start = startChat(conversation, "h9");
      start.getHandover().getContext().setName("Linus");
      send(conversation, command(conversation, "h9", "s9", start));
      assertEquals(List.of(new HandoverFailed("Live Agent refused the chat: Unavailable")),
          agentEventsOf(conversation, 1));
      assertTrue(sandbox.liveAgent().chats().stream().anyMatch(c -> c.visitorName().equals("Linus")));
    } finally {
      sandbox.liveAgent().setAgentsOnline(true);
      host.stop();
    }
  }

  @Test
  void withTheAvailabilityCheckNoAgentOnlineFailsTheHandoverWithoutOpeningAChat() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    sandbox.liveAgent().setAgentsOnline(false);
    ConnectorHost host = connector(true);
    try {
      StartChat start = startChat(conversation, "h10");
      start.getHandover().getContext().setName("Hedy");
      send(conversation, command(conversation, "h10", "s10", start));
      assertEquals(
          List.of(new HandoverFailed("no agent is available for button 5736g000000k9nQ (Live Agent Availability)")),
          agentEventsOf(conversation, 1));
      assertFalse(sandbox.liveAgent().chats().stream().anyMatch(c -> c.visitorName().equals("Hedy")),
          "no Live Agent session was opened");

      sandbox.liveAgent().setAgentsOnline(true); // with an agent online, the same check lets the next handover through
      String next = "c-" + UUID.randomUUID();
      StartChat again = startChat(next, "h11");
      again.getHandover().getContext().setName("Hedy2");
      send(next, command(next, "h11", "s11", again));
      assertEquals(List.of(new ChatQueued(1, 30)), agentEventsOf(next, 1));
    } finally {
      sandbox.liveAgent().setAgentsOnline(true);
      host.stop();
    }
  }
}
