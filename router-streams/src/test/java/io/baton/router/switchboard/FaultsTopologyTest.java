package io.baton.router.switchboard;

import static io.baton.router.switchboard.SwitchboardDriver.KEY;
import static io.baton.router.switchboard.SwitchboardDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConnectionStatus;
import io.baton.events.Controller;
import io.baton.events.ConversationStatus;
import io.baton.events.DixaHandover;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverRequested;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.router.RouterConfig;
import io.baton.router.RouterTopology;
import io.baton.router.deadletter.DeadLetterOnBadRecord;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import io.baton.topics.ConversationInputs;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyDescription;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Bad input gets a clear event or a dead letter, and the router goes on. */
class FaultsTopologyTest {
  private final SwitchboardDriver d = new SwitchboardDriver();

  @AfterEach
  void stop() {
    d.close();
  }

  private HandoverRejected rejectedWith(HandoverRequested request) {
    d.send(request);
    List<Logged> logged = d.logged();
    assertEquals(1, logged.size());
    assertEquals(Controller.bot, logged.get(0).controller());
    assertTrue(d.salesforce.isEmpty(), "no chat is opened at the helpdesk");
    return (HandoverRejected) logged.get(0).body();
  }

  private static HandoverRequested on(String id, String connectionId, ConnectionSnapshot snapshot) {
    return SwitchboardDriver.handoverRequest(id).setConnectionId(connectionId).setConnection(snapshot).build();
  }

  private static ConnectionSnapshot snapshot(String id, String tenant, Platform platform, boolean enabled,
      ConnectionStatus status) {
    return SwitchboardDriver.connection(id, tenant, platform, enabled, status, Map.of());
  }

  /** Every decision about a connection is made from the snapshot the ingress stamped on the request. */
  @Test
  void aHandoverNamingAnUnknownDisabledForeignOrMismatchedConnectionIsRejected() {
    assertEquals(new HandoverRejected("unknown connection sf-9"), rejectedWith(on("h1", "sf-9", null)));
    assertEquals(new HandoverRejected("connection sf-off is not active"), rejectedWith(on("h2", "sf-off",
        snapshot("sf-off", "acme", Platform.salesforce, false, ConnectionStatus.active))));
    assertEquals(new HandoverRejected("unknown connection sf-other"), rejectedWith(on("h3", "sf-other",
        snapshot("sf-other", "globex", Platform.salesforce, true, ConnectionStatus.active))));
    assertEquals(new HandoverRejected("connection dixa-1 is for dixa, not salesforce"), rejectedWith(on("h4",
        "dixa-1", snapshot("dixa-1", "acme", Platform.dixa, true, ConnectionStatus.active))));
    assertEquals(new HandoverRejected("connection sf-deleted is not active"), rejectedWith(on("h5", "sf-deleted",
        snapshot("sf-deleted", "acme", Platform.salesforce, true, ConnectionStatus.deleted))));
    assertEquals(new HandoverRejected("connection sf-inactive is not active"), rejectedWith(on("h6", "sf-inactive",
        snapshot("sf-inactive", "acme", Platform.salesforce, true, ConnectionStatus.inactive))));
    assertEquals(new HandoverRejected("unknown connection sf-1"), rejectedWith(on("h7", "sf-1",
        snapshot("sf-2", "acme", Platform.salesforce, true, ConnectionStatus.active))), "a snapshot of another one");
  }

  @Test
  void aKnownConnectionIsUsedAndALaterRequestWithoutItsSnapshotIsRejected() {
    d.handover("h0"); // without a connection id: the platform's default connection, not checked here
    d.drain();
    d.agent("e", "h0", new ChatEnded(EndedBy.agent, null));
    d.drain();

    ConnectionSnapshot sf1 = snapshot("sf-1", "acme", Platform.salesforce, true, ConnectionStatus.active);
    d.send(on("h1", "sf-1", sf1));
    assertEquals(List.of(new Logged(4, "h1", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, "sf-1"))), d.logged());
    assertEquals("sf-1", d.salesforce.readValue().getConnectionId());
    assertEquals(sf1, d.state().getConnection(), "the live handover's connection is kept in the state");

    d.agent("a1", "h1", new ChatEnded(EndedBy.agent, null));
    d.drain();
    assertNull(d.state().getConnection(), "and forgotten when it ends");
    assertEquals(new HandoverRejected("unknown connection sf-1"), rejectedWith(on("h2", "sf-1", null)),
        "the ingress no longer knows it (deleted)");
  }

  @Test
  void theRouterReadsNothingButItsInputTopic() {
    TopologyDescription description = RouterTopology.build(RouterConfig.defaults()).describe();
    assertEquals(List.of(), List.copyOf(description.globalStores()), "no global store");
    Set<String> sources = new HashSet<>();
    for (TopologyDescription.Subtopology sub : description.subtopologies()) {
      for (TopologyDescription.Node node : sub.nodes()) {
        if (node instanceof TopologyDescription.Source source) {
          sources.addAll(source.topicSet());
        }
      }
    }
    assertEquals(Set.of(Topics.CONVERSATION_INPUTS.name()), sources);
  }

  @Test
  void aPayloadForAnotherPlatformIsRejected() {
    assertEquals(new HandoverRejected("the payload is a DixaHandover, not one for salesforce"),
        rejectedWith(SwitchboardDriver.handoverRequest("h1")
            .setPayload(DixaHandover.newBuilder().setWidgetId("w").build()).build()));
  }

  @Test
  void anAgentEventForAConversationThatDoesNotExistIsAClearEvent() {
    d.agent("a1", "h-unknown", new AgentMessage("hello?", "Alex", List.of()));
    assertEquals(List.of(new Logged(1, "a1", Controller.bot, ConversationStatus.bot, new InputRejected("AgentMessage",
        "handover h-unknown is not live: no handover is live in this conversation"))), d.logged());
    assertTrue(d.salesforce.isEmpty());
  }

  @Test
  void aRecordWithAnInvalidKeyIsSkippedAndProcessingGoesOn() {
    d.inputs.pipeInput(new TestRecord<>("no-slash", null, T0));
    d.visitorSays("v1", "still here");
    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("still here", List.of()))), d.logged());
  }

  @Test
  void anUnreadableRecordGoesToTheDeadLetterTopicAndProcessingGoesOn() {
    TestInputTopic<String, byte[]> raw = d.driver.createInputTopic(Topics.CONVERSATION_INPUTS.name(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    raw.pipeInput(KEY, "not avro".getBytes(StandardCharsets.UTF_8));
    d.visitorSays("v1", "still here");

    TestRecord<String, byte[]> dead = deadLetters(Topics.CONVERSATION_INPUTS.name()).readRecord();
    assertEquals(KEY, dead.key());
    assertEquals("not avro", new String(dead.value(), StandardCharsets.UTF_8));
    assertEquals("record on conversation.inputs.v1 is not in the Confluent Avro wire format (magic byte 0)",
        new String(dead.headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(), StandardCharsets.UTF_8));
    assertEquals(List.of(new Logged(1, "v1", Controller.bot, ConversationStatus.bot,
        new VisitorMessage("still here", List.of()))), d.logged());
  }

  @Test
  void aHandoverForAnUnknownPlatformIsADeadLetter() {
    byte[] unknownPlatform = withUnknownPlatform();
    TestInputTopic<String, byte[]> raw = d.driver.createInputTopic(Topics.CONVERSATION_INPUTS.name(),
        Serdes.String().serializer(), Serdes.ByteArray().serializer());
    raw.pipeInput(KEY, unknownPlatform);
    d.handover("h2");

    TestRecord<String, byte[]> dead = deadLetters(Topics.CONVERSATION_INPUTS.name()).readRecord();
    assertEquals(KEY, dead.key());
    String reason = new String(dead.headers().lastHeader(DeadLetterOnBadRecord.ERROR_HEADER).value(),
        StandardCharsets.UTF_8);
    int writtenWith = ByteBuffer.wrap(unknownPlatform, 1, 4).getInt(); // the wire format's schema id
    assertEquals("cannot read ConversationInput (schema id " + writtenWith + ") from conversation.inputs.v1: "
        + "Index 63 out of bounds for length 10", reason);
    assertEquals(List.of(new Logged(1, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, null))), d.logged());
    assertTrue(d.salesforce.readValue().getBody() instanceof StartChat);
  }

  /** A handover request whose platform enum index is beyond the known platforms, as a newer writer might send. */
  private static byte[] withUnknownPlatform() {
    var serializer = Topics.CONVERSATION_INPUTS.valueSerde().serializer();
    byte[] first = serializer.serialize("t", ConversationInputs.of(SwitchboardDriver.handoverRequest("h1").build()));
    byte[] second = serializer.serialize("t", ConversationInputs.of(SwitchboardDriver.handoverRequest("h1")
        .setPlatform(Platform.salesforce_miaw).build()));
    assertEquals(first.length, second.length);
    int at = 0;
    while (first[at] == second[at]) {
      at++;
    }
    assertNotEquals(0, at);
    first[at] = 0x7e; // enum index 63
    return first;
  }

  private TestOutputTopic<String, byte[]> deadLetters(String topic) {
    return d.driver.createOutputTopic(Topics.deadLetters(topic).name(), Serdes.String().deserializer(),
        Serdes.ByteArray().deserializer());
  }
}
