package io.baton.analytics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFacts;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.topics.Topics;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AnalyticsTopologyTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private TopologyTestDriver driver;
  private TestInputTopic<String, ConversationEvent> log;
  private TestOutputTopic<String, HandoverFacts> facts;

  @BeforeEach
  void start() {
    Properties p = AnalyticsService.streamsProperties(new AnalyticsConfig("analytics-test", "unused", 1000, null),
        io.baton.topics.KafkaSettings.of("unused:9092"));
    p.put(StreamsConfig.STATE_DIR_CONFIG,
        System.getProperty("java.io.tmpdir") + "/analytics-test-" + System.nanoTime());
    driver = new TopologyTestDriver(AnalyticsTopology.build(), p);
    log = driver.createInputTopic(Topics.CONVERSATION_EVENTS.name(), Serdes.String().serializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().serializer());
    facts = driver.createOutputTopic(Topics.ANALYTICS_HANDOVERS.name(), Serdes.String().deserializer(),
        Topics.ANALYTICS_HANDOVERS.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void feed(ConversationLogScript script) {
    script.events().forEach(e -> log.pipeInput(script.key(), e, e.getOccurredAt()));
  }

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  @Test
  void aServedHandoverIsWrittenAtEachMilestoneWithItsFinalFactsLast() {
    ConversationLogScript c = new ConversationLogScript("acme", "c1");
    c.at(at(0), "v0", VisitorMessage.newBuilder().setText("hi").build()); // before the handover: not counted
    c.at(at(10), "h1", HandoverStarted.newBuilder().setPlatform(Platform.dixa).setConnectionId("dixa-1").build());
    c.at(at(12), "a1", ChatQueued.newBuilder().setPosition(3).setEstimatedWaitSeconds(60).build());
    c.at(at(15), "v1", VisitorMessage.newBuilder().setText("still there?").build());
    c.at(at(20), "a2", ChatQueued.newBuilder().setPosition(1).build()); // a later position: no milestone
    c.at(at(40), "a3", AgentJoined.newBuilder().setAgentName("Alex").build());
    c.at(at(41), "a4", new AgentTyping(true));
    c.at(at(45), "a5", AgentMessage.newBuilder().setText("Hello").setAgentName("Alex").build());
    c.at(at(50), "v2", VisitorMessage.newBuilder().setText("thanks").build());
    c.at(at(55), "a6", AgentMessage.newBuilder().setText("Bye").setAgentName("Alex").build());
    c.at(at(60), "a7", ChatEnded.newBuilder().setEndedBy(EndedBy.agent).build());
    c.backToBot(at(60), "a7", new ControlReturnedToBot("the chat ended"));
    c.at(at(70), "v3", VisitorMessage.newBuilder().setText("back with the bot").build());
    feed(c);

    List<KeyValue<String, HandoverFacts>> written = facts.readKeyValuesToList();
    assertEquals(List.of("h1", "h1", "h1", "h1", "h1"), written.stream().map(kv -> kv.key).toList());
    // started, first queued, agent joined, first reply, ended
    assertEquals(List.of(2L, 3L, 6L, 8L, 11L), written.stream().map(kv -> kv.value.getLogSequence()).toList());
    assertEquals(HandoverFacts.newBuilder().setHandoverId("h1").setTenant("acme").setConversationId("c1")
        .setPlatform(Platform.dixa).setConnectionId("dixa-1").setRequestedAt(at(10)).setQueuedAt(at(12))
        .setQueuePosition(3).setAgentJoinedAt(at(40)).setAgentName("Alex").setFirstAgentReplyAt(at(45))
        .setEndedAt(at(60)).setEndedBy(EndedBy.agent).setVisitorMessages(2).setAgentMessages(2)
        .setAbandonedInQueue(false).setLogSequence(11).build(), written.get(4).value);
    assertEquals(1, written.get(3).value.getAgentMessages()); // counts so far in an earlier record
    assertNull(driver.getKeyValueStore(HandoverFactsRecorder.STORE).get("acme/c1"), "an ended handover is forgotten");
  }

  @Test
  void theVisitorLeavingOrTheQueueTimingOutBeforeAnAgentJoinedIsAbandoned() {
    ConversationLogScript left = new ConversationLogScript("acme", "left");
    left.at(at(0), "h-left", HandoverStarted.newBuilder().setPlatform(Platform.salesforce).build());
    left.at(at(5), "q", ChatQueued.newBuilder().build());
    left.at(at(30), "v", new VisitorLeft("closed the tab"));
    left.at(at(30), "v", ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).setReason("visitor left").build());
    left.backToBot(at(30), "v", new ControlReturnedToBot("the visitor left the chat"));
    ConversationLogScript timedOut = new ConversationLogScript("acme", "timeout");
    timedOut.at(at(0), "h-timeout", HandoverStarted.newBuilder().setPlatform(Platform.salesforce).build());
    timedOut.at(at(300), "timer/queue/300000", ChatEnded.newBuilder().setEndedBy(EndedBy.timeout)
        .setReason("no agent was available within 5 minutes").build());
    feed(left);
    feed(timedOut);

    var last = facts.readKeyValuesToMap();
    HandoverFacts l = last.get("h-left");
    assertEquals(true, l.getAbandonedInQueue());
    assertEquals(EndedBy.visitor, l.getEndedBy());
    assertEquals(at(5), l.getQueuedAt());
    assertNull(l.getQueuePosition());
    assertEquals(at(30), l.getEndedAt());
    HandoverFacts t = last.get("h-timeout");
    assertEquals(true, t.getAbandonedInQueue());
    assertEquals(EndedBy.timeout, t.getEndedBy());
    assertEquals("no agent was available within 5 minutes", t.getEndReason());
    assertNull(t.getQueuedAt());
  }

  @Test
  void aFailedHandoverHasItsReasonAndOneThatNeverStartedIsKeyedByItsRequest() {
    ConversationLogScript c = new ConversationLogScript("acme", "c2");
    c.at(at(0), "h-never", new HandoverFailed("no connector for dixa is running (last seen 10:00)"));
    c.at(at(10), "h-refused", HandoverStarted.newBuilder().setPlatform(Platform.kustomer).build());
    c.at(at(11), "f", new HandoverFailed("Kustomer refused the customer: 422"));
    c.backToBot(at(11), "f", new ControlReturnedToBot("the handover failed: Kustomer refused the customer: 422"));
    feed(c);

    var last = facts.readKeyValuesToMap();
    assertEquals(HandoverFacts.newBuilder().setHandoverId("h-never").setTenant("acme").setConversationId("c2")
        .setRequestedAt(at(0)).setEndedAt(at(0)).setEndedBy(EndedBy.failure)
        .setEndReason("no connector for dixa is running (last seen 10:00)")
        .setFailureReason("no connector for dixa is running (last seen 10:00)").setLogSequence(1).build(),
        last.get("h-never"));
    HandoverFacts refused = last.get("h-refused");
    assertEquals(Platform.kustomer, refused.getPlatform());
    assertEquals("Kustomer refused the customer: 422", refused.getFailureReason());
    assertEquals(EndedBy.failure, refused.getEndedBy());
    assertEquals(false, refused.getAbandonedInQueue());
  }

  @Test
  void aRepeatedEventCountsOnceAndEventsOfAHandoverStartedBeforeTheLogAreIgnored() {
    ConversationLogScript c = new ConversationLogScript("acme", "c3");
    ConversationEvent started = c.at(at(0), "h3", HandoverStarted.newBuilder().setPlatform(Platform.dixa).build());
    ConversationEvent message = c.at(at(1), "v", VisitorMessage.newBuilder().setText("one").build());
    ConversationEvent ended = c.at(at(2), "e", ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).build());
    log.pipeInput(c.key(), started);
    log.pipeInput(c.key(), message);
    log.pipeInput(c.key(), message);
    log.pipeInput(c.key(), started);
    log.pipeInput(c.key(), ended);
    ConversationLogScript unknown = new ConversationLogScript("acme", "c4");
    unknown.at(at(0), "h4", HandoverStarted.newBuilder().setPlatform(Platform.dixa).build());
    ConversationEvent orphan = unknown.at(at(1), "a", AgentJoined.newBuilder().setAgentName("Kim").build());
    log.pipeInput(unknown.key(), orphan); // its HandoverStarted is gone from the log (retention)

    List<KeyValue<String, HandoverFacts>> written = facts.readKeyValuesToList();
    assertEquals(2, written.size()); // started, ended: the repeats wrote nothing
    assertEquals(1, written.get(1).value.getVisitorMessages());
    assertEquals(3L, written.get(1).value.getLogSequence());
  }

  @Test
  void aSecondHandoverOfTheConversationHasFactsOfItsOwn() {
    ConversationLogScript c = new ConversationLogScript("acme", "c5");
    c.at(at(0), "first", HandoverStarted.newBuilder().setPlatform(Platform.dixa).build());
    c.at(at(5), "a", AgentJoined.newBuilder().setAgentName("Alex").build());
    c.at(at(9), "e", ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).build());
    c.backToBot(at(9), "e", new ControlReturnedToBot("the chat ended"));
    c.at(at(20), "second", HandoverStarted.newBuilder().setPlatform(Platform.gorgias).build());
    c.at(at(21), "m", VisitorMessage.newBuilder().setText("again").build());
    c.at(at(30), "j", AgentJoined.newBuilder().setAgentName("Kim").build());
    feed(c);

    var last = facts.readKeyValuesToMap();
    assertEquals(EndedBy.visitor, last.get("first").getEndedBy());
    assertEquals(false, last.get("first").getAbandonedInQueue());
    assertEquals("Kim", last.get("second").getAgentName());
    assertEquals(Platform.gorgias, last.get("second").getPlatform());
    assertNull(last.get("second").getEndedAt());
    assertEquals(1, ((HandoverFacts) driver.getKeyValueStore(HandoverFactsRecorder.STORE).get("acme/c5"))
        .getVisitorMessages());
  }
}
