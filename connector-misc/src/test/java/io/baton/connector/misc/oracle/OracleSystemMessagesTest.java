package io.baton.connector.misc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.chats.ChatWrite;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.EndedBy;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Each system message of getMessages and what the visitor is told of it, as Oracle's field names have it. */
class OracleSystemMessagesTest {
  private static final String VISITOR = "7";
  private static final String ALEX = "11";
  private OracleEngagement e;
  private long sequence;

  @BeforeEach
  void engaged() {
    e = new OracleEngagement("default", "{}");
    e.clientId = VISITOR;
  }

  private String message(String name, String client, String fields) {
    sequence++;
    return "{\"messageName\":\"" + name + "\",\"createdTime\":\"2026-11-29T14:00:00Z\",\"sequenceNumber\":" + sequence
        + ",\"sequenceNumberString\":\"" + sequence + "\",\"engagementId\":5,\"engagementIdString\":\"5\",\"clientId\":"
        + client + ",\"clientIdString\":\"" + client + "\"" + (fields.isEmpty() ? "" : "," + fields) + "}";
  }

  private List<Object> poll(String... messages) throws Exception {
    JsonNode answer = OracleClient.JSON.readTree("{\"systemMessages\":[" + String.join(",", messages) + "]}");
    List<Object> bodies = new ArrayList<>();
    for (ChatWrite.Event event : OracleSystemMessages.events(e, OracleSystemMessages.sorted(answer),
        ChatEnded::new)) {
      bodies.add(event.body());
    }
    return bodies;
  }

  private String added(String name, String client) {
    return message(OracleSystemMessages.ADDED, client, "\"name\":\"" + name + "\",\"greeting\":\"Hi, I am " + name
        + "\",\"role\":\"LEAD\"");
  }

  @Test
  void waitInformationIsTheQueuePositionAndExpectedWaitOnlyWhenItChanged() throws Exception {
    String wait = "\"position\":2,\"expectedWaitTimeSeconds\":60";
    assertEquals(List.of(new ChatQueued(2, 60)), poll(message(OracleSystemMessages.WAIT, "0", wait)));
    assertEquals(List.of(), poll(message(OracleSystemMessages.WAIT, "0", wait)));
    assertEquals(List.of(new ChatQueued(1, 30)), poll(message(OracleSystemMessages.WAIT, "0",
        "\"position\":1,\"expectedWaitTimeSeconds\":30")));
  }

  @Test
  void anAgentAddedJoinsAndGreetsTheVisitor() throws Exception {
    assertEquals(List.of(new AgentJoined("Alex", ALEX), new AgentMessage("Hi, I am Alex", "Alex", List.of())),
        poll(added("Alex", ALEX)));
  }

  @Test
  void theVisitorAddedIsNotAnAgentAndTeachesItsOwnId() throws Exception {
    e.clientId = null;
    assertEquals(List.of(),
        poll(message(OracleSystemMessages.ADDED, VISITOR, "\"name\":\"Vi\",\"role\":\"END_USER\"")));
    assertEquals(VISITOR, e.clientId);
  }

  @Test
  void anAgentsMessageIsRelayedAndTheVisitorsOwnEchoIsNot() throws Exception {
    poll(added("Alex", ALEX));
    assertEquals(List.of(new AgentMessage("how can I help?", "Alex", List.of())),
        poll(message(OracleSystemMessages.POSTED, VISITOR, "\"body\":\"my own words\""),
            message(OracleSystemMessages.POSTED, ALEX, "\"body\":\"how can I help?\"")));
  }

  @Test
  void aNoticeOfTheChatServerIsRelayedWithoutAName() throws Exception {
    assertEquals(List.of(new AgentMessage("Your message was blocked", null, List.of())),
        poll(message(OracleSystemMessages.POSTED, "0", "\"body\":\"Your message was blocked\"")));
  }

  @Test
  void activityIsTypingOnAndOffAndTheVisitorsOwnIsNotRelayed() throws Exception {
    poll(added("Alex", ALEX));
    assertEquals(List.of(new AgentTyping(true)),
        poll(message(OracleSystemMessages.ACTIVITY, VISITOR, "\"mode\":\"RESPONDING\""),
            message(OracleSystemMessages.ACTIVITY, ALEX, "\"mode\":\"RESPONDING\""),
            message(OracleSystemMessages.ACTIVITY, ALEX, "\"mode\":\"RESPONDING\"")));
    assertEquals(List.of(new AgentTyping(false)), poll(message(OracleSystemMessages.ACTIVITY, ALEX,
        "\"mode\":\"LISTENING\"")));
  }

  @Test
  void anAgentLeavingPutsTheChatBackInTheQueue() throws Exception {
    poll(added("Alex", ALEX));
    assertEquals(List.of(new AgentLeft("Alex"), new ChatQueued(null, null)), poll(message(OracleSystemMessages.LEFT,
        ALEX, "\"role\":\"LEAD\",\"disconnectReason\":\"TRANSFERRED_TO_QUEUE\"")));
    assertTrue(e.agents.isEmpty());
  }

  @Test
  void aTransferIsTheLeavingAndTheNextAgentAdded() throws Exception {
    poll(added("Alex", ALEX));
    assertEquals(List.of(new ChatTransferred("Bea", "12"), new AgentMessage("Hi, I am Bea", "Bea", List.of())),
        poll(
            message(OracleSystemMessages.LEFT, ALEX, "\"role\":\"LEAD\",\"disconnectReason\":\"TRANSFERRED_TO_AGENT\""),
            added("Bea", "12")));
    assertEquals(List.of(new AgentMessage("Bea here", "Bea", List.of())),
        poll(message(OracleSystemMessages.POSTED, "12", "\"body\":\"Bea here\"")));
  }

  @Test
  void concludedEndsWithTheReasonAndWhoEndedIt() throws Exception {
    poll(added("Alex", ALEX));
    assertEquals(List.of(new ChatEnded(EndedBy.agent, "AGENT_CONCLUDED")), poll(message(
        OracleSystemMessages.LEFT, ALEX, "\"role\":\"LEAD\",\"disconnectReason\":\"PARTICIPANT_LEFT\""),
        message(
            OracleSystemMessages.CONCLUDED, ALEX, "\"reason\":\"AGENT_CONCLUDED\",\"role\":\"AGENT\"")));
  }

  @Test
  void aTerminationByOraclesRulesEndsAsAFailure() throws Exception {
    assertEquals(List.of(new ChatEnded(EndedBy.failure, "TERMINATED")), poll(message(OracleSystemMessages.CONCLUDED,
        "0", "\"reason\":\"TERMINATED\",\"role\":\"SYSTEM\"")));
    assertEquals(EndedBy.visitor, OracleSystemMessages.endedBy("END_USER"));
    assertEquals(EndedBy.timeout, OracleSystemMessages.endedBy("SYSTEM"));
  }

  @Test
  void ourOwnConcludeIsNotRelayed() throws Exception {
    assertEquals(List.of(), new ArrayList<>(OracleSystemMessages.events(e, OracleSystemMessages.sorted(
        OracleClient.JSON.readTree("{\"systemMessages\":[" + message(OracleSystemMessages.CONCLUDED, VISITOR,
            "\"reason\":\"END_USER_CONCLUDED\",\"role\":\"END_USER\"") + "]}")),
        (by, reason) -> null)));
  }

  @Test
  void messagesGoInSequenceOrderAndARepeatIsDropped() throws Exception {
    poll(added("Alex", ALEX));
    String first = message(OracleSystemMessages.POSTED, ALEX, "\"body\":\"one\"");
    String second = message(OracleSystemMessages.POSTED, ALEX, "\"body\":\"two\"");
    assertEquals(List.of(new AgentMessage("one", "Alex", List.of()), new AgentMessage("two", "Alex", List.of())),
        poll(second, first));
    assertEquals(List.of(), poll(first, second));
    assertEquals(sequence, e.lastSequence);
    assertFalse(e.transferring);
  }

  @Test
  void eventSeedsAreTheSequenceNumbersSoARewriteKeepsItsIds() throws Exception {
    JsonNode answer = OracleClient.JSON.readTree("{\"systemMessages\":[" + added("Alex", ALEX) + "]}");
    List<ChatWrite.Event> events = OracleSystemMessages.events(e, OracleSystemMessages.sorted(answer),
        ChatEnded::new);
    assertEquals(List.of("m-1", "m-1-greeting"), events.stream().map(ChatWrite.Event::seed).toList());
  }
}
