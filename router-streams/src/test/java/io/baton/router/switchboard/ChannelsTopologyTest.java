package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.BotMessage;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.DeliverToVisitor;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A visitor in a platform inbox (here Chat2Desk) gets bot and agent messages through that platform's connector. */
class ChannelsTopologyTest {
  private final SwitchboardDriver d = new SwitchboardDriver();
  private final TestOutputTopic<String, ConnectorCommand> chat2desk = d.commands(Platform.chat2desk);

  @AfterEach
  void stop() {
    d.close();
  }

  private record Command(Platform platform, String connectionId, String handoverId, String cause, Object body) {}

  private long chat2deskSequence;

  /** Commands to Chat2Desk; numbered 1, 2, 3, ... on their own, apart from the commands to other platforms. */
  private List<Command> toChat2Desk() {
    return chat2desk.readValuesToList().stream().map(c -> {
      assertEquals(++chat2deskSequence, c.getSequence());
      return new Command(c.getPlatform(), c.getConnectionId(), c.getHandoverId(), c.getCausationId(), c.getBody());
    }).toList();
  }

  @Test
  void whileTheBotIsInControlItsMessagesGoToTheVisitorsInbox() {
    d.visitorSaysIn(Platform.chat2desk, "c2d-1", "v1", "hi");
    d.botSays("b1", "Hello from the bot");

    assertEquals(List.of(
        new Logged(1, "v1", Controller.bot, ConversationStatus.bot, new VisitorMessage("hi", List.of())),
        new Logged(2, "b1", Controller.bot, ConversationStatus.bot,
            new BotMessage("Hello from the bot", List.of(), List.of()))),
        d.logged());
    assertEquals(List.of(new Command(Platform.chat2desk, "c2d-1", "", "b1",
        new DeliverToVisitor(new BotMessage("Hello from the bot", List.of(), List.of())))), toChat2Desk());
    assertEquals(Platform.chat2desk, d.state().getChannel());
  }

  @Test
  void theChannelsVariablesTravelWithTheVisitorsMessageInTheLog() {
    VisitorContext variables = VisitorContext.newBuilder().setName("Ada").setPhone("+15550100")
        .setAttributes(Map.of("channel_visitor_id", "42", "channel_chat_id", "42|chat2desk")).build();
    d.send(VisitorEvent.newBuilder().setEventId("v1").setOccurredAt(Instant.parse("2026-11-29T10:00:00Z"))
        .setTenant("acme").setConversationId("c-1").setChannel(Platform.chat2desk).setChannelConnectionId("c2d-1")
        .setContext(variables).setBody(new VisitorMessage("hi", List.of())).build());
    d.botSays("b1", "Hello");

    List<ConversationEvent> events = d.log.readValuesToList();
    assertEquals(variables, events.get(0).getContext(), "bots and placeholders read the variables from the log");
    assertNull(events.get(1).getContext(), "only visitor messages carry them");
  }

  @Test
  void anAgentOnAnotherPlatformAnswersIntoTheVisitorsInbox() {
    d.visitorSaysIn(Platform.chat2desk, "c2d-1", "v1", "I want a human");
    d.handover("h1");
    d.agent("a1", "h1", new AgentJoined("Alex", null));
    d.visitorSaysIn(Platform.chat2desk, "c2d-1", "v2", "hello Alex");
    d.agent("a2", "h1", new AgentMessage("Hi, Alex here", "Alex", List.of()));
    d.botSays("b1", "not now");

    assertEquals(List.of("h1", "v2"), d.sent().stream().map(SwitchboardDriver.Sent::cause).toList(),
        "the visitor's messages go to the agent in control");
    assertEquals(List.of(new Command(Platform.chat2desk, "c2d-1", "h1", "a2",
        new DeliverToVisitor(new AgentMessage("Hi, Alex here", "Alex", List.of())))), toChat2Desk(),
        "the agent's answer goes to the visitor's inbox; the bot's rejected message goes nowhere");
    assertEquals(6, d.logged().size());
  }

  @Test
  void aHandoverIntoTheVisitorsOwnInboxLeavesTheRelayToThePlatform() {
    d.visitorSaysIn(Platform.chat2desk, "c2d-1", "v1", "I want a human");
    d.send(SwitchboardDriver.handoverRequest("h1").setPlatform(Platform.chat2desk)
        .setPayload(Chat2DeskHandover.newBuilder().setOperatorGroupId("7").build()).build());
    d.agent("a1", "h1", new AgentJoined("Olga", null));
    d.visitorSaysIn(Platform.chat2desk, "c2d-1", "v2", "hello Olga");
    d.agent("a2", "h1", new AgentMessage("Hi, Olga here", "Olga", List.of()));

    List<Command> commands = toChat2Desk();
    assertEquals(1, commands.size(), "only the start: the operator and the visitor talk inside Chat2Desk");
    assertTrue(commands.get(0).body() instanceof StartChat);
    assertEquals(List.of(
        new Logged(1, "v1", Controller.bot, ConversationStatus.bot, new VisitorMessage("I want a human", List.of())),
        new Logged(2, "h1", Controller.agent, ConversationStatus.handover_requested,
            new HandoverStarted(Platform.chat2desk, null)),
        new Logged(3, "a1", Controller.agent, ConversationStatus.agent_connected, new AgentJoined("Olga", null)),
        new Logged(4, "v2", Controller.agent, ConversationStatus.agent_connected,
            new VisitorMessage("hello Olga", List.of())),
        new Logged(5, "a2", Controller.agent, ConversationStatus.agent_connected,
            new AgentMessage("Hi, Olga here", "Olga", List.of()))),
        d.logged());
    assertTrue(d.salesforce.isEmpty());
  }
}
