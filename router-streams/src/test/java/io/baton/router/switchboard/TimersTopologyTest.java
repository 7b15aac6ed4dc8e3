package io.baton.router.switchboard;

import static io.baton.router.switchboard.SwitchboardDriver.KEY;
import static io.baton.router.switchboard.SwitchboardDriver.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationState;
import io.baton.events.ConversationStatus;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.events.VisitorMessage;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import io.baton.router.switchboard.SwitchboardDriver.Sent;
import io.baton.events.TimerFired;
import io.baton.topics.ConversationInputs;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Timers: deadlines in record time, kept in the state; the punctuator (wall clock) writes a firing to the input topic
 * when one is due, and the firing acts when it is read back. The driver's one clock moves a second per input, or by
 * hand.
 */
class TimersTopologyTest {
  private final SwitchboardDriver d = new SwitchboardDriver();

  @AfterEach
  void stop() {
    d.close();
  }

  private static String timer(String kind, Duration afterT0) {
    return "timer/" + kind + "/" + T0.plus(afterT0).toEpochMilli();
  }

  @Test
  void aHandoverNobodyAnswersTimesOutInTheQueueAndTheBotGetsControlBack() {
    d.handover("h1");
    d.visitorSays("v1", "hello?");
    d.agent("a1", "h1", new ChatQueued(4, 600));
    d.drain();

    d.advanceWallClock(Duration.ofSeconds(297)); // the handover came at T0+1s
    assertTrue(d.log.isEmpty(), "not yet");
    assertEquals(List.of(), d.firings);
    d.advanceWallClock(Duration.ofSeconds(1));

    String cause = timer("queue", Duration.ofSeconds(301));
    assertEquals(List.of(
        new Logged(4, cause, Controller.agent, ConversationStatus.queued,
            new ChatEnded(EndedBy.timeout, "no agent was available within 5 minutes")),
        new Logged(5, cause, Controller.bot, ConversationStatus.bot,
            new ControlReturnedToBot("the handover timed out in the queue"))),
        d.logged());
    assertEquals(List.of(new Sent(cause, "h1", new EndChat("queue timeout"))), d.sent());
    assertEquals(List.of(), d.state().getHeldVisitorEvents(), "the bot reads the held message in the log");

    d.advanceWallClock(Duration.ofMinutes(30));
    assertTrue(d.log.isEmpty(), "a timer fires once");
    assertEquals(List.of(cause),
        d.firings.stream().map(f -> ((TimerFired) f.value().getInput()).getEventId()).toList());
    assertEquals(T0.plusSeconds(301), d.firings.get(0).timestamp() == null ? null
        : Instant.ofEpochMilli(d.firings.get(0).timestamp()), "the firing's record time is the punctuation's");
  }

  @Test
  void aRepeatedOrStaleFiringIsDropped() {
    d.handover("h1");
    d.drain();
    d.advanceWallClock(Duration.ofSeconds(300));
    assertEquals(2, d.logged().size(), "ended by the queue timer");
    d.drain();

    d.send((TimerFired) d.firings.get(0).value().getInput()); // the same firing again (a restart wrote it twice)
    d.send(new TimerFired("timer/agent_idle/5", T0, "agent_idle", 5L)); // a timer the state does not hold
    d.send(new TimerFired("timer/queue/" + T0.plusSeconds(999).toEpochMilli(), T0, "queue",
        T0.plusSeconds(999).toEpochMilli()));
    assertTrue(d.log.isEmpty());
    assertTrue(d.salesforce.isEmpty());
  }

  /** The deadline is the input's record time plus the timeout, whatever the wall clock of the router says. */
  @Test
  void deadlinesAreInRecordTime() {
    d.inputs.pipeInput(new TestRecord<>(KEY, ConversationInputs.of(SwitchboardDriver.handoverRequest("h1").build()),
        T0.minus(Duration.ofHours(1))));
    assertEquals(Map.of("queue", T0.minus(Duration.ofHours(1)).plusSeconds(300).toEpochMilli()),
        d.state().getDeadlines());
    d.drain();
    d.advanceWallClock(Duration.ofSeconds(1)); // long past the deadline: it fires at the next punctuation
    assertEquals(2, d.logged().size());
    assertEquals(Map.of("retention", T0.plusSeconds(1).plus(Duration.ofDays(30)).toEpochMilli()),
        d.state().getDeadlines(), "the firing's record time: the retention deadline is from it");
  }

  @Test
  void aConnectionMaySetItsOwnQueueTimeout() {
    d.send(SwitchboardDriver.handoverOn("h1", Map.of("queueTimeoutSeconds", "60")).build());
    d.drain();

    d.advanceWallClock(Duration.ofSeconds(60));

    assertEquals(List.of(new ChatEnded(EndedBy.timeout, "no agent was available within 1 minute"),
        new ControlReturnedToBot("the handover timed out in the queue")),
        d.logged().stream().map(Logged::body).toList());
  }

  @Test
  void anAgentJoiningStopsTheQueueTimer() {
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.drain();
    d.advanceWallClock(Duration.ofMinutes(10));
    assertTrue(d.log.isEmpty());
    assertTrue(d.salesforce.isEmpty());
  }

  @Test
  void anInactiveVisitorEndsTheChat() {
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.advanceWallClock(Duration.ofMinutes(10));
    d.agent("a2", "h1", new AgentMessage("still there?", "Alex", List.of())); // the agent is active, the visitor not
    d.drain();

    d.advanceWallClock(Duration.ofMinutes(5));

    String cause = timer("visitor_idle", Duration.ofSeconds(902)); // the agent joined at T0+2s
    assertEquals(List.of(
        new Logged(4, cause, Controller.agent, ConversationStatus.agent_connected,
            new ChatEnded(EndedBy.timeout, "the visitor was inactive for 15 minutes")),
        new Logged(5, cause, Controller.bot, ConversationStatus.bot,
            new ControlReturnedToBot("the visitor was inactive"))),
        d.logged());
    assertEquals(List.of(new Sent(cause, "h1", new EndChat("visitor inactive"))), d.sent());
  }

  /** Each message moves the idle timer (lazily: the store's due entry moves when it comes up, see Deadlines). */
  @Test
  void aVisitorWhoKeepsTalkingIsTimedOutFifteenMinutesAfterTheirLastMessageAndNotBefore() {
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.advanceWallClock(Duration.ofMinutes(10));
    d.visitorSays("v1", "one");
    d.advanceWallClock(Duration.ofMinutes(2));
    d.agent("a2", "h1", new AgentMessage("yes", "Alex", List.of()));
    d.advanceWallClock(Duration.ofMinutes(8)); // 20:04: the index's entries (at 15:02) came up and moved
    d.visitorSays("v2", "two");
    d.advanceWallClock(Duration.ofMinutes(2));
    d.agent("a3", "h1", new AgentMessage("ok", "Alex", List.of()));
    d.advanceWallClock(Duration.ofMinutes(8));
    d.agent("a4", "h1", new AgentMessage("anything else?", "Alex", List.of())); // the agent's deadline: 45
    d.drain();

    d.advanceWallClock(Duration.ofSeconds(297));
    assertTrue(d.log.isEmpty(), "14:59 after the visitor's last message (at T0+20:05): not yet");
    d.advanceWallClock(Duration.ofSeconds(1));

    String cause = timer("visitor_idle", Duration.ofSeconds(2105));
    assertEquals(List.of(
        new Logged(8, cause, Controller.agent, ConversationStatus.agent_connected,
            new ChatEnded(EndedBy.timeout, "the visitor was inactive for 15 minutes")),
        new Logged(9, cause, Controller.bot, ConversationStatus.bot,
            new ControlReturnedToBot("the visitor was inactive"))),
        d.logged());
    assertEquals(List.of(new Sent(cause, "h1", new EndChat("visitor inactive"))), d.sent());
    d.advanceWallClock(Duration.ofMinutes(30));
    assertTrue(d.log.isEmpty(), "the agent's timer went with the chat");
  }

  @Test
  void anInactiveAgentEndsTheChat() {
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.advanceWallClock(Duration.ofMinutes(10));
    d.visitorSays("v1", "hello?"); // the visitor is active, the agent not
    d.drain();

    d.advanceWallClock(Duration.ofMinutes(5));

    String cause = timer("agent_idle", Duration.ofSeconds(902));
    assertEquals(List.of(
        new Logged(4, cause, Controller.agent, ConversationStatus.agent_connected,
            new ChatEnded(EndedBy.timeout, "the agent did not respond for 15 minutes")),
        new Logged(5, cause, Controller.bot, ConversationStatus.bot,
            new ControlReturnedToBot("the agent was inactive"))),
        d.logged());
    assertEquals(List.of(new Sent(cause, "h1", new EndChat("agent inactive"))), d.sent());
  }

  @Test
  void aFinishedConversationIsForgottenAfterTheRetentionPeriodButItsSequencesGoOn() {
    d.visitorSays("v1", "hi");
    d.handover("h1");
    d.agent("a1", "h1", new ChatEnded(EndedBy.agent, null));
    d.drain();
    long commands = d.state().getCommandSequences().get("salesforce");

    d.advanceWallClock(Duration.ofDays(29));
    assertEquals(4, d.state().getLastSequence(), "kept during the retention period");
    assertEquals(1, d.state().getTranscript().size());
    d.advanceWallClock(Duration.ofDays(1));
    ConversationState rested = d.state();
    assertEquals(List.of(), rested.getTranscript(), "what it knew is gone after 30 days without events");
    assertEquals(List.of(), rested.getRecentInputDigests());
    assertEquals(Map.of(), rested.getDeadlines(), "and no clean-up timer is left to fire again");
    assertEquals(4, rested.getLastSequence());
    assertEquals(Map.of("salesforce", commands), rested.getCommandSequences());

    d.visitorSays("v2", "hi again");
    ConversationEvent event = d.log.readValue();
    assertEquals(5, event.getSequence(), "readers that remember the conversation drop nothing of what comes next");
    assertEquals(new VisitorMessage("hi again", List.of()), event.getBody());
    d.handover("h2");
    assertEquals(1, d.sent().size(), "numbered on from the last command (the driver checks it): a connector that "
        + "remembers the conversation by its link's last command drops nothing");
  }

  @Test
  void aLiveHandoverIsNeverCleanedUp() {
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.advanceWallClock(Duration.ofMinutes(1));
    d.agent("a2", "h1", new AgentMessage("hi", "Alex", List.of()));
    assertEquals(Controller.agent, d.state().getController());
    d.advanceWallClock(Duration.ofDays(31));
    assertEquals(Controller.bot, d.state().getController(), "ended by the idle timer, then kept for 30 days");
  }
}
