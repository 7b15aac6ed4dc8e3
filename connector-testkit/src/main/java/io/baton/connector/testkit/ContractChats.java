package io.baton.connector.testkit;

import static io.baton.connector.testkit.ContractEvents.normal;
import static io.baton.connector.testkit.ContractEvents.queued;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.testkit.Eventually;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The contract's chats: opened through the router stand-in, found at the agent desk, and checked on both sides (the
 * visitor's lines at the desk, the agent events on Kafka read raw), each check waiting a little longer for anything
 * doubled.
 */
public final class ContractChats {
  /** How long to wait, once everything expected arrived, for anything doubled to show up. */
  private static final Duration SETTLE = Duration.ofMillis(500);

  final ConnectorFixture fx;
  final ContractHarness harness;
  final AgentDesk desk;

  ContractChats(ConnectorFixture fx, ContractHarness harness, AgentDesk desk) {
    this.fx = fx;
    this.harness = harness;
    this.desk = desk;
  }

  /** Messages both ways, to be checked at the end. */
  ContractTraffic traffic() {
    return new ContractTraffic(this);
  }

  /** A Baton conversation and the desk chat it opened. */
  public static final class Chat {
    private final AgentDesk desk;
    public final String conversation;
    public final String visitor;
    public final String deskId;
    /** The visitor's lines at the desk before the relay began (the bot's history, where the platform shows it). */
    final List<String> historyLines;

    Chat(AgentDesk desk, String conversation, String visitor, DeskChat deskChat) {
      this.desk = desk;
      this.conversation = conversation;
      this.visitor = visitor;
      this.deskId = deskChat.id();
      this.historyLines = visitorLines(deskChat);
    }

    public DeskChat deskChat() {
      return desk.chat(deskId).orElseThrow();
    }

    @Override
    public String toString() {
      return conversation + " (" + deskId + ")";
    }
  }

  /** Starts a chat and waits until it is queued: ChatQueued written and the chat at the desk. */
  public Chat open(String name) {
    return openAll(name + "0", 1).get(0);
  }

  /** Starts {@code count} chats at once and waits until each is queued. */
  public List<Chat> openAll(String name, int count) {
    List<String> names = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      String conversation = name + i + "-" + fx.run;
      names.add(conversation);
      fx.start(conversation, harness.startChat(fx, conversation, visitorOf(conversation)));
    }
    return names.stream().map(this::queuedChat).toList();
  }

  private String visitorOf(String conversation) {
    return "V" + conversation.replace("-", "");
  }

  private Chat queuedChat(String conversation) {
    String visitor = visitorOf(conversation);
    assertEquals(List.of(queued()), normalised(fx.agentEventsOf(conversation, 1)), conversation + " queued");
    DeskChat[] found = new DeskChat[1];
    Eventually.until(ConnectorFixture.PATIENCE, conversation + " at the desk",
        () -> harness.deskChat(fx, conversation, visitor).map(d -> found[0] = d).isPresent());
    return new Chat(desk, conversation, visitor, found[0]);
  }

  /** The agent accepts the chat; waits for AgentJoined. */
  public void accept(Chat c, String agent) {
    int before = fx.allAgentEventsOf(c.conversation).size();
    desk.accept(c.deskId, agent);
    harness.accepted(fx, desk, c.deskId, agent);
    fx.agentEventsOf(c.conversation, before + 1);
  }

  void awaitVisitorLines(Chat c, int count) {
    Eventually.until(ConnectorFixture.PATIENCE, count + " visitor lines of " + c + " at the desk",
        () -> visitorLines(c.deskChat()).size() >= c.historyLines.size() + count);
  }

  /**
   * The visitor's lines at the desk after the history are exactly these: waits for them, then a little longer for
   * anything doubled.
   */
  public void assertVisitorLines(Chat c, List<String> expected) {
    List<String> all = new ArrayList<>(c.historyLines);
    all.addAll(expected);
    awaitVisitorLines(c, expected.size());
    sleep(SETTLE);
    assertEquals(all, visitorLines(c.deskChat()), "the visitor's lines of " + c + " at the desk");
  }

  static List<String> visitorLines(DeskChat chat) {
    return chat.transcript().stream().filter(l -> DeskLine.VISITOR.equals(l.from())).map(DeskLine::text).toList();
  }

  /** The conversation's agent events are exactly these (normalised): waits for them, then for anything doubled. */
  public void assertEvents(Chat c, Object... expected) {
    assertEquals(List.of(expected), settledEventsOf(c.conversation, expected.length),
        () -> "the agent events of " + c + ", event ids " + eventIdsOf(c.conversation));
  }

  List<String> eventIdsOf(String conversation) {
    return fx.allAgentEvents().stream().filter(r -> r.key().equals(ConnectorFixture.key(conversation)))
        .map(r -> r.value().getEventId()).toList();
  }

  public List<Object> settledEventsOf(String conversation, int expected) {
    awaitEvents(conversation, expected);
    sleep(SETTLE);
    return normalised(fx.allAgentEventsOf(conversation));
  }

  /** Waits until the conversation has {@code expected} agent events, not counting the harness's join signals. */
  public void awaitEvents(String conversation, int expected) {
    Eventually.until(ConnectorFixture.PATIENCE, expected + " agent events of " + conversation,
        () -> fx.allAgentEventsOf(conversation).stream().filter(e -> !harness.joinSignal(e)).count() >= expected);
  }

  /** {@link ContractEvents#normal(List)}, the harness's join signals left out. */
  List<Object> normalised(List<Object> events) {
    return normal(events.stream().filter(e -> !harness.joinSignal(e)).toList());
  }

  /** Waits a little longer, for anything doubled to show up. */
  public void settle() {
    sleep(SETTLE);
  }

  private static void sleep(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
