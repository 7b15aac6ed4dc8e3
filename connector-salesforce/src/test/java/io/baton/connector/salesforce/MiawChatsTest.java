package io.baton.connector.salesforce;

import io.baton.connector.testkit.ConnectorFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
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

/** MIAW through the connector on a real broker against the sandbox, including a dropped event stream. */
@ExtendWith(KafkaBrokerExtension.class)
class MiawChatsTest {

  private static ConnectorCommand command(String conversation, String id, SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setTenant("acme")
        .setConversationId(conversation).setPlatform(Platform.salesforce_miaw).setHandoverId("h-" + conversation)
        .setCausationId(id).setBody(body).build();
  }

  static ConnectorFixture fx;
  static KafkaProducer<String, ConnectorCommand> producer;
  static ConnectorHost host;

  @BeforeAll
  static void start(KafkaBroker broker) {
    fx = SalesforceSeeds.fixture(broker);
    producer = new KafkaProducer<>(fx.settings.producerProperties("miaw-router"),
        Topics.connectorCommands(Platform.salesforce_miaw).keySerde().serializer(),
        Topics.connectorCommands(Platform.salesforce_miaw).valueSerde().serializer());
    host = SalesforceConnector.miaw(
        SalesforceSeeds.config(fx, SalesforceConfig.LIVE_AGENT_LIMITS).withMiawUrl(fx.sandbox.miawUrl()),
        fx.settings);
    host.start();
  }

  @AfterAll
  static void stop() {
    host.stop();
    producer.close();
    fx.close();
  }

  @Test
  void aConversationRelaysBothWaysThroughADroppedStream() throws Exception {
    String conversation = "miaw-" + UUID.randomUUID();
    String topic = Topics.connectorCommands(Platform.salesforce_miaw).name();
    HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h-" + conversation)
        .setOccurredAt(Instant.now()).setTenant("acme").setConversationId(conversation)
        .setPlatform(Platform.salesforce_miaw)
        .setPayload(SalesforceMiawHandover.newBuilder().setScrtUrl("acme.my.salesforce-scrt.com").setOrgId("00D")
            .setEsDeveloperName("Web_Chat").setRoutingAttributes(Map.of("orderId", "A-17")).build())
        .setContext(VisitorContext.newBuilder().setName("Ada").setEmail("ada@example.com").build()).build();
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "s1", new StartChat(
        handover, List.of(new TranscriptEntry(TranscriptRole.visitor, "help", Instant.EPOCH)))))).get();

    MiawSimulator miaw = fx.sandbox.miaw();
    MiawSimulator.Conversation[] found = new MiawSimulator.Conversation[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the conversation at MIAW", () -> miaw.conversations().stream()
        .filter(c -> "Ada".equals(c.routingAttributes().get("visitorName"))).findFirst().map(c -> found[0] = c)
        .isPresent());
    String id = found[0].id();
    assertEquals(Map.of("orderId", "A-17", "visitorName", "Ada", "email", "ada@example.com",
        "botTranscript", "visitor: help"), found[0].routingAttributes());
    miaw.accept(id, "Alex");
    delivered(conversation, 2);
    miaw.agentTyping(id, true);
    miaw.agentSays(id, "Hello Ada");
    delivered(conversation, 4);

    miaw.dropStreams(); // the connector reconnects with Last-Event-Id
    miaw.agentSays(id, "are you there?");
    ConnectorCommand message =
        command(conversation, "m1", new SendVisitorMessage(new VisitorMessage("yes", List.of())));
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, message)).get();
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, message)).get(); // redelivered
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "t1",
        new SetVisitorTyping(true)))).get();
    Eventually.until(ConnectorFixture.PATIENCE, "the visitor typing at the agent",
        () -> miaw.conversation(id).orElseThrow().visitorTyping());
    miaw.endByAgent(id);

    List<Object> events = delivered(conversation, 6);
    String agentId = ((AgentJoined) events.get(1)).getAgentId();
    assertTrue(agentId.startsWith("005"));
    assertEquals(List.of(new ChatQueued(1, 30), new AgentJoined("Alex", agentId), new AgentTyping(true),
        new AgentMessage("Hello Ada", "Alex", List.of()), new AgentMessage("are you there?", "Alex", List.of()),
        new ChatEnded(EndedBy.agent, "closed")), events);
    assertEquals(
        List.of(new MiawSimulator.Line("agent", "Hello Ada"), new MiawSimulator.Line("agent", "are you there?"),
            new MiawSimulator.Line("visitor", "yes")),
        miaw.conversation(id).orElseThrow().transcript());
    assertEquals(6, fx.allAgentEvents().stream().filter(r -> r.key().equals("acme/" + conversation))
        .map(r -> ((AgentEvent) r.value()).getEventId()).distinct().count(), "no event under a second id");
  }

  @Test
  void theVisitorEndsTheConversation() throws Exception {
    String conversation = "miaw-" + UUID.randomUUID();
    String topic = Topics.connectorCommands(Platform.salesforce_miaw).name();
    HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h-" + conversation)
        .setOccurredAt(Instant.now()).setTenant("acme").setConversationId(conversation)
        .setPlatform(Platform.salesforce_miaw)
        .setPayload(SalesforceMiawHandover.newBuilder().setScrtUrl("https://acme.my.salesforce-scrt.com/")
            .setOrgId("00D").setEsDeveloperName("Web_Chat").build())
        .setContext(VisitorContext.newBuilder().setName("Bo-" + conversation).build()).build();
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "s1",
        new StartChat(handover, List.of())))).get();
    delivered(conversation, 1);
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "e1",
        new EndChat("visitor left")))).get();
    Eventually.until(ConnectorFixture.PATIENCE, "the conversation closed",
        () -> fx.sandbox.miaw().conversations().stream()
            .anyMatch(c -> ("Bo-" + conversation).equals(c.routingAttributes().get("visitorName"))
                && c.status() == MiawSimulator.Status.CLOSED));
    assertEquals(List.of(new ChatQueued(1, 30)), delivered(conversation, 1),
        "our own close is not reported back as an agent's end");
  }

  @Test
  void throttlingAndServerErrorsOfMiawAreRetriedAndTheMessageArrivesOnce() throws Exception {
    String conversation = "miaw-" + UUID.randomUUID();
    String topic = Topics.connectorCommands(Platform.salesforce_miaw).name();
    String visitor = "Cy-" + conversation;
    HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h-" + conversation)
        .setOccurredAt(Instant.now()).setTenant("acme").setConversationId(conversation)
        .setPlatform(Platform.salesforce_miaw)
        .setPayload(SalesforceMiawHandover.newBuilder().setScrtUrl("acme.my.salesforce-scrt.com").setOrgId("00D")
            .setEsDeveloperName("Web_Chat").build())
        .setContext(VisitorContext.newBuilder().setName(visitor).build()).build();
    fx.sandbox.miawFaults().failNext("conversation", 503, null, 1); // the create is refused once
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "s1",
        new StartChat(handover, List.of())))).get();
    MiawSimulator miaw = fx.sandbox.miaw();
    MiawSimulator.Conversation[] found = new MiawSimulator.Conversation[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the conversation at MIAW", () -> miaw.conversations().stream()
        .filter(c -> visitor.equals(c.routingAttributes().get("visitorName"))).findFirst().map(c -> found[0] = c)
        .isPresent());
    String id = found[0].id();
    miaw.accept(id, "Alex");
    delivered(conversation, 2);

    fx.sandbox.miawFaults().failNext("conversation/" + id + "/message", 429, java.time.Duration.ofSeconds(1), 2);
    producer.send(new ProducerRecord<>(topic, "acme/" + conversation, command(conversation, "m1",
        new SendVisitorMessage(new VisitorMessage("after the storm", List.of()))))).get();

    Eventually.until(ConnectorFixture.PATIENCE, "the message at the agent",
        () -> miaw.conversation(id).orElseThrow().transcript().size() == 1);
    assertEquals(List.of(new MiawSimulator.Line("visitor", "after the storm")),
        miaw.conversation(id).orElseThrow().transcript());
    assertEquals(List.of(), fx.sandbox.miawFaults().pending(), "every injected fault was hit");
    assertEquals(1, miaw.conversations().stream().filter(c -> visitor.equals(c.routingAttributes().get("visitorName")))
        .count(), "one conversation, despite the refused create");
  }

  /**
   * The conversation's agent events as the router takes them (each event id once), once there are {@code expected}.
   * A stream event written twice under its one id (the runtime writes at least once; seen twice on loaded CI runs, its
   * cause not found) is dropped there by design; one written under a second id is not, and shows here as an extra.
   */
  private static List<Object> delivered(String conversation, int expected) {
    Eventually.until(ConnectorFixture.PATIENCE, expected + " agent events of " + conversation,
        () -> fx.deliveredAgentEventsOf(conversation).size() >= expected);
    return fx.deliveredAgentEventsOf(conversation).stream().map(e -> (Object) e.getBody()).toList();
  }
}
