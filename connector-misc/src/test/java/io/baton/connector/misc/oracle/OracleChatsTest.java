package io.baton.connector.misc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Oracle's own behaviours against the sandbox, one connector instance for all: the availability check, the routing
 * rules' 409, the transcript the agent sees, a JWT expiring mid-chat, and Oracle's auto-termination.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OracleChatsTest {
  private static final String GREETING = "Hi, my name is Alex. How can I help you?";
  private ConnectorFixture fx;
  private OracleConnector connector;
  private OracleChatSimulator oracle;

  @BeforeAll
  void start(KafkaBroker broker) {
    fx = new ConnectorFixture(broker, Platform.oracle_chat, OracleSeeds.CONNECTION, c -> c, OracleSeeds::sandbox);
    oracle = OracleSeeds.oracle(fx);
    OracleSeeds.connection(fx, OracleSeeds.settings(fx));
    connector = OracleSeeds.connector(fx, "chats-" + fx.run);
  }

  @AfterAll
  void stop() {
    if (connector != null) {
      connector.stop();
    }
    if (fx != null) {
      fx.close();
    }
  }

  private String conversation(String name) {
    return name + "-" + fx.run;
  }

  private DeskChat deskChat(String visitor) {
    DeskChat[] found = new DeskChat[1];
    Eventually.until(ConnectorFixture.PATIENCE, visitor + " at the desk", () -> fx.desk(OracleChatSimulator.NAME)
        .chats().stream().filter(c -> visitor.equals(c.visitorName())).findFirst().map(c -> found[0] = c)
        .isPresent());
    return found[0];
  }

  /** A chat opened and accepted by Alex: its desk id. */
  private String accepted(String conversation, String visitor) {
    fx.start(conversation, OracleSeeds.startChat(visitor));
    assertTrue(fx.agentEventsOf(conversation, 1).get(0) instanceof ChatQueued);
    String desk = deskChat(visitor).id();
    fx.desk(OracleChatSimulator.NAME).accept(desk, "Alex");
    Eventually.until(ConnectorFixture.PATIENCE, "Alex joined " + conversation,
        () -> fx.allAgentEventsOf(conversation).stream().anyMatch(e -> e instanceof AgentJoined));
    return desk;
  }

  private List<Object> withoutQueueUpdates(List<Object> events) {
    return events.stream().filter(e -> !(e instanceof ChatQueued)).toList();
  }

  @Test
  void noAgentAvailableFailsTheHandoverWithTheReasonAndOpensNothing() {
    oracle.agentsOnline(0);
    try {
      int before = oracle.engagements().size();
      String c = conversation("unavailable");
      fx.start(c, OracleSeeds.startChat("Nobody"));
      assertEquals(List.of(new HandoverFailed("no agent is available in Oracle queue 1 (getQueueStats: 0 available"
          + " agent sessions)")), fx.agentEventsOf(c, 1));
      assertEquals(before, oracle.engagements().size(), "no engagement was requested");
    } finally {
      oracle.agentsOnline(1);
    }
  }

  @Test
  void aChatTheRoutingRulesDequeueFailsTheHandoverWithOraclesReason() {
    oracle.dequeueQueue(7);
    try {
      String c = conversation("dequeued");
      fx.start(c, OracleSeeds.startChat("Dequeued", "{\"firstName\":\"Dequeued\",\"queueId\":7}"));
      assertEquals(List.of(new HandoverFailed("Oracle's routing rules dequeued the chat (409): The chat request was"
          + " dequeued by the routing rules of queue 7")), fx.agentEventsOf(c, 1));
    } finally {
      oracle.clearDequeueRule();
    }
  }

  @Test
  void theAgentSeesTheTranscriptAndTheMergedSessionInformation() {
    String c = conversation("transcript");
    fx.start(c, OracleSeeds.startChat("Transcribed"));
    fx.agentEventsOf(c, 1);
    DeskChat chat = deskChat("Transcribed");
    Eventually.until(ConnectorFixture.PATIENCE, "the transcript at the desk", () -> !visitorLines(chat.id()).isEmpty());
    assertEquals(List.of("Conversation with the bot before this chat:\nVisitor: I need a human\n"
        + "Bot: Connecting you to an agent"), visitorLines(chat.id()));
    var info = oracle.engagements().stream().filter(e -> e.engagementId() == Long.parseLong(chat.id())).findFirst()
        .orElseThrow().sessionInformation();
    assertEquals(1, info.path("queueId").asInt(), "the connection's queue merged in");
    assertEquals(1, info.path("interfaceId").asInt());
    assertEquals("transcribed@example.com", info.path("emailAddress").asText(), "the handover's own kept");
  }

  private List<String> visitorLines(String deskId) {
    return fx.desk(OracleChatSimulator.NAME).chat(deskId).orElseThrow().transcript().stream()
        .filter(l -> DeskLine.VISITOR.equals(l.from())).map(DeskLine::text).toList();
  }

  @Test
  void aJwtExpiringMidChatIsRenewedAndTheChatGoesOn() {
    oracle.jwtLifetime(Duration.ofSeconds(2));
    try {
      String c = conversation("jwt");
      String desk = accepted(c, "Expiring");
      // The poll meets the expired token (403) and establishes the session again: the link carries the new one.
      Eventually.until(ConnectorFixture.PATIENCE, "a renewed JWT in the link", () -> jwts(c).size() >= 3);
      fx.say(c, "jwt-v1-" + c, "still there?");
      fx.desk(OracleChatSimulator.NAME).say(desk, "yes, still here");
      Eventually.until(ConnectorFixture.PATIENCE, "the visitor's message at the desk",
          () -> visitorLines(desk).contains("still there?"));
      List<Object> events = withoutQueueUpdates(fx.agentEventsOf(c, 5));
      assertEquals(List.of(new AgentJoined("Alex", events.get(0) instanceof AgentJoined j ? j.getAgentId() : null),
          new AgentMessage(GREETING, "Alex", List.of()), new AgentMessage("yes, still here", "Alex", List.of())),
          events);
      assertEquals("ACTIVE", oracle.engagements().stream().filter(e -> e.engagementId() == Long.parseLong(desk))
          .findFirst().orElseThrow().state(), "the chat was not lost");
    } finally {
      oracle.jwtLifetime(Duration.ofMinutes(30));
    }
  }

  private Set<String> jwts(String conversation) {
    return fx.linksOf(conversation).stream().map(PlatformLink::getState).map(s -> s.get("jwt"))
        .filter(j -> j != null).collect(Collectors.toSet());
  }

  @Test
  void aMessageOracleAutoTerminatesEndsTheChatWithTheReason() {
    String c = conversation("abuse");
    String desk = accepted(c, "Abusive");
    oracle.maxBodyLength(40);
    try {
      fx.say(c, "abuse-v1-" + c, "x".repeat(41));
      Eventually.until(ConnectorFixture.PATIENCE, c + " ended",
          () -> fx.allAgentEventsOf(c).stream().anyMatch(e -> e instanceof ChatEnded));
      Eventually.until(ConnectorFixture.PATIENCE, c + "'s message failed",
          () -> fx.allAgentEventsOf(c).stream().anyMatch(e -> e instanceof DeliveryFailed));
      List<Object> events = withoutQueueUpdates(fx.allAgentEventsOf(c));
      // The notices and the end come from the poll, the message's failure from the send: their order is not fixed.
      List<Object> failures = events.stream().filter(e -> e instanceof DeliveryFailed).toList();
      assertEquals(1, failures.size(), events.toString());
      assertTrue(((DeliveryFailed) failures.get(0)).getReason().startsWith("Oracle auto-terminated the chat (409): "),
          failures.toString());
      assertEquals(List.of(AgentJoined.class, AgentMessage.class, AgentMessage.class, ChatEnded.class),
          events.stream().filter(e -> !(e instanceof DeliveryFailed)).map(Object::getClass).toList(),
          events.toString());
      assertEquals(List.of(new ChatEnded(EndedBy.failure, "TERMINATED")),
          events.stream().filter(e -> e instanceof ChatEnded).toList());
      assertEquals(null, events.stream().filter(e -> e instanceof AgentMessage).map(e -> (AgentMessage) e)
          .reduce((a, b) -> b).orElseThrow().getAgentName(), "Oracle's notice, relayed without a name");
      assertEquals("CONCLUDED", oracle.engagements().stream().filter(e -> e.engagementId() == Long.parseLong(desk))
          .findFirst().orElseThrow().state());
    } finally {
      oracle.maxBodyLength(4000);
    }
  }
}
