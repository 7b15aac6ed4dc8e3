package io.baton.sandbox.oracle;

import static io.baton.sandbox.oracle.OracleFixture.error;
import static io.baton.sandbox.oracle.OracleFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskStatus;
import io.baton.sandbox.oracle.OracleFixture.Session;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A chat from establishSessions to conclusion, as the end user's client sees it and as the agent desk drives it. */
@ExtendWith(OracleFixture.Shared.class)
class OracleEngagementTest {
  static OracleFixture f;
  static AgentDesk desk;

  @BeforeAll
  static void fixture(OracleFixture fixture) {
    f = fixture;
    desk = fixture.sandbox.desk(OracleChatSimulator.NAME);
  }

  @Test
  void anEngagementFromRequestToConclusionHandsOutEveryDocumentedSystemMessageInSequence() throws Exception {
    Session s = f.session("{\"firstName\":\"Ada\",\"lastName\":\"Lovelace\",\"emailAddress\":\"ada@example.com\","
        + "\"queueId\":7,\"question\":\"Where is my order?\"}");
    assertEquals(f.oracle.siteName(), s.siteName());
    assertEquals("localhost:" + f.sandbox.port() + "/oracle-chat", s.domain());
    assertEquals(f.oracle.pool(), s.pool());

    JsonNode engaged = f.engage(s);
    String sessionId = engaged.path("sessionId").asText();
    long engagementId = engaged.path("engagementId").asLong();
    assertEquals(Long.toString(engagementId), engaged.path("engagementIdString").asText());
    assertEquals("SUCCESS", engaged.path("resultType").asText());
    String chatId = Long.toString(engagementId);
    assertEquals(DeskStatus.QUEUED, desk.chat(chatId).orElseThrow().status());
    assertEquals("Ada Lovelace", desk.chat(chatId).orElseThrow().visitorName());

    List<JsonNode> got = new ArrayList<>();
    JsonNode first = f.poll(s, sessionId);
    first.forEach(got::add);
    assertEquals(1, first.size(), first.toString());
    JsonNode wait = first.get(0);
    assertEquals(OracleSystemMessages.WAIT_INFORMATION_CHANGED, wait.path("messageName").asText());
    assertEquals(1, wait.path("position").asInt());
    assertEquals(60, wait.path("expectedWaitTimeSeconds").asLong());

    desk.accept(chatId, "Grace");
    desk.typing(chatId, true);
    desk.say(chatId, "Let me look.");
    desk.end(chatId);
    JsonNode rest = f.poll(s, sessionId);
    rest.forEach(got::add);
    List<String> names = got.stream().map(m -> m.path("messageName").asText()).toList();
    assertEquals(List.of(OracleSystemMessages.WAIT_INFORMATION_CHANGED, OracleSystemMessages.PARTICIPANT_ADDED,
        OracleSystemMessages.ACTIVITY_CHANGED, OracleSystemMessages.MESSAGE_POSTED, OracleSystemMessages.CONCLUDED),
        names);
    for (int i = 0; i < got.size(); i++) {
      JsonNode m = got.get(i);
      assertEquals(i + 1, m.path("sequenceNumber").asLong());
      assertEquals(Integer.toString(i + 1), m.path("sequenceNumberString").asText());
      assertEquals(engagementId, m.path("engagementId").asLong());
      assertEquals(chatId, m.path("engagementIdString").asText());
      assertEquals(m.path("clientId").asText(), m.path("clientIdString").asText());
      assertTrue(m.path("createdTime").isTextual());
    }
    JsonNode added = got.get(1);
    assertEquals("Grace", added.path("name").asText());
    assertEquals(OracleDesk.greeting("Grace"), added.path("greeting").asText());
    assertEquals("LEAD", added.path("role").asText());
    assertEquals("RESPONDING", got.get(2).path("mode").asText());
    assertEquals("Let me look.", got.get(3).path("body").asText());
    assertEquals(added.path("clientId").asLong(), got.get(3).path("clientId").asLong());
    assertEquals("AGENT_CONCLUDED", got.get(4).path("reason").asText());
    assertEquals("AGENT", got.get(4).path("role").asText());
    assertEquals(DeskStatus.ENDED, desk.chat(chatId).orElseThrow().status());
    OracleFixture.error(f.call(s, "getMessages", sessionId, "{}"), 404, "NOT_FOUND");
    JsonNode all = json(f.sandboxCall("GET", "/sandbox/oracle_chat/sessions/" + sessionId + "/system-messages", null),
        200);
    assertEquals(got.size(), all.size());
    assertEquals(got.get(3), all.get(3));
  }

  @Test
  void aPostedMessageReachesTheDeskAndItsAnswerEchoesTheTransaction() throws Exception {
    Session s = f.session("{\"emailAddress\":\"bob@example.com\"}");
    String sessionId = f.engage(s).path("sessionId").asText();
    JsonNode answer = json(f.call(s, "postMessage", sessionId,
        "{\"body\":\"hello\",\"clientRequestTime\":\"2026-11-29T14:00:00+01:00\",\"clientTransactionId\":41}"), 200);
    assertEquals(41, answer.path("clientTransactionId").asLong());
    assertEquals("2026-11-29T14:00:00+01:00", answer.path("clientRequestTime").asText());
    String chatId = f.oracle.engagement(sessionId).orElseThrow().engagementId() + "";
    assertEquals("hello", desk.chat(chatId).orElseThrow().transcript().get(0).text());
    json(f.call(s, "concludeEngagement", sessionId, "{}"), 200);
  }

  @Test
  void aRepeatedTransactionIsAnsweredAsBeforeAndPostedOnce() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    String body = "{\"body\":\"only once\",\"clientTransactionId\":7,\"clientRequestTime\":\"2026-11-29T15:00:00Z\"}";
    String firstAnswer = json(f.call(s, "postMessage", sessionId, body), 200).toString();
    String again = json(f.call(s, "postMessage", sessionId, body.replace("only once", "changed")), 200).toString();
    assertEquals(firstAnswer, again);
    json(f.call(s, "postMessage", sessionId, "{\"body\":\"second\",\"clientTransactionId\":8}"), 200);
    assertEquals(List.of("only once", "second"), desk.chat(chatId(sessionId)).orElseThrow().transcript().stream()
        .map(l -> l.text()).toList());
    json(f.call(s, "concludeEngagement", sessionId, "{}"), 200);
  }

  @Test
  void anOverlongMessageAutoTerminatesWith409AndTheTerminationNotices() throws Exception {
    f.oracle.maxBodyLength(20);
    try {
      Session s = f.session("{}");
      String sessionId = f.engage(s).path("sessionId").asText();
      String chatId = chatId(sessionId);
      desk.accept(chatId, "Max");
      f.poll(s, sessionId);
      error(f.call(s, "postMessage", sessionId, "{\"body\":\"" + "x".repeat(21) + "\"}"), 409, "CONFLICT");
      JsonNode notices = f.poll(s, sessionId);
      assertEquals(List.of(OracleSystemMessages.MESSAGE_POSTED, OracleSystemMessages.PARTICIPANT_LEFT,
          OracleSystemMessages.CONCLUDED), names(notices));
      assertEquals(OracleEngagements.TERMINATION_NOTICE, notices.get(0).path("body").asText());
      assertEquals(0, notices.get(0).path("clientId").asLong());
      assertEquals("END_USER", notices.get(1).path("role").asText());
      assertEquals("TERMINATED", notices.get(1).path("disconnectReason").asText());
      assertEquals("TERMINATED", notices.get(2).path("reason").asText());
      assertEquals("SYSTEM", notices.get(2).path("role").asText());
      assertEquals("ENDED", desk.chat(chatId).orElseThrow().status().name());
      error(f.call(s, "postMessage", sessionId, "{\"body\":\"short\"}"), 409, "CONFLICT");
      assertFalse(desk.chat(chatId).orElseThrow().transcript().stream().anyMatch(l -> l.text().startsWith("xxx")));
    } finally {
      f.oracle.maxBodyLength(4000);
    }
  }

  @Test
  void aBlockedMessageIsAnswered200WithANoticeAndTheThirdBlockTerminates() throws Exception {
    f.oracle.blockMessages(Pattern.compile("(?i)buy now"));
    try {
      Session s = f.session("{}");
      String sessionId = f.engage(s).path("sessionId").asText();
      String chatId = chatId(sessionId);
      desk.accept(chatId, "Sol");
      f.poll(s, sessionId);
      json(f.call(s, "postMessage", sessionId, "{\"body\":\"BUY NOW cheap\"}"), 200);
      json(f.call(s, "postMessage", sessionId, "{\"body\":\"fine words\"}"), 200);
      json(f.call(s, "postMessage", sessionId, "{\"body\":\"buy now again\"}"), 200);
      JsonNode notices = f.poll(s, sessionId);
      assertEquals(List.of(OracleSystemMessages.MESSAGE_POSTED, OracleSystemMessages.MESSAGE_POSTED), names(notices));
      assertEquals(OracleEngagements.BLOCK_NOTICE, notices.get(0).path("body").asText());
      assertEquals(0, notices.get(0).path("clientId").asLong());
      assertEquals(List.of("system", "visitor", "system"), desk.chat(chatId).orElseThrow().transcript().stream()
          .skip(1).map(l -> l.from()).toList());
      assertFalse(desk.chat(chatId).orElseThrow().transcript().stream().anyMatch(l -> l.text().contains("uy now")));
      error(f.call(s, "postMessage", sessionId, "{\"body\":\"last: buy now\"}"), 409, "CONFLICT");
      assertEquals(List.of(OracleSystemMessages.MESSAGE_POSTED, OracleSystemMessages.PARTICIPANT_LEFT,
          OracleSystemMessages.CONCLUDED), names(f.poll(s, sessionId)));
    } finally {
      f.oracle.blockMessages(null);
    }
  }

  @Test
  void leaveRequeuesAndTransferHandsOverWithTheDocumentedMessages() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    String chatId = chatId(sessionId);
    f.poll(s, sessionId);
    desk.accept(chatId, "Ana");
    desk.leave(chatId);
    desk.accept(chatId, "Ben");
    desk.transfer(chatId, "Cy");
    desk.typing(chatId, false);
    JsonNode got = f.poll(s, sessionId);
    assertEquals(List.of(OracleSystemMessages.PARTICIPANT_ADDED, OracleSystemMessages.PARTICIPANT_LEFT,
        OracleSystemMessages.WAIT_INFORMATION_CHANGED, OracleSystemMessages.PARTICIPANT_ADDED,
        OracleSystemMessages.PARTICIPANT_LEFT, OracleSystemMessages.PARTICIPANT_ADDED,
        OracleSystemMessages.ACTIVITY_CHANGED), names(got));
    assertEquals("TRANSFERRED_TO_QUEUE", got.get(1).path("disconnectReason").asText());
    assertEquals("LEAD", got.get(1).path("role").asText());
    assertEquals(got.get(0).path("clientId").asLong(), got.get(1).path("clientId").asLong());
    assertEquals(1, got.get(2).path("position").asInt());
    assertEquals("Ben", got.get(3).path("name").asText());
    assertEquals("TRANSFERRED_TO_AGENT", got.get(4).path("disconnectReason").asText());
    assertEquals("Cy", got.get(5).path("name").asText());
    assertEquals("LISTENING", got.get(6).path("mode").asText());
    assertEquals("Cy", desk.chat(chatId).orElseThrow().agentName());
    desk.end(chatId);
    JsonNode end = f.poll(s, sessionId);
    assertEquals(List.of(OracleSystemMessages.CONCLUDED), names(end));
    assertEquals(got.get(5).path("clientId").asLong(), end.get(0).path("clientId").asLong());
  }

  @Test
  void queuedEndUsersAreToldTheirNewPositionWhenTheQueueMoves() throws Exception {
    Session first = f.session("{}");
    Session second = f.session("{}");
    String one = f.engage(first).path("sessionId").asText();
    String two = f.engage(second).path("sessionId").asText();
    JsonNode waiting = f.poll(second, two);
    assertEquals(List.of(OracleSystemMessages.WAIT_INFORMATION_CHANGED), names(waiting));
    assertEquals(2, waiting.get(0).path("position").asInt());
    assertEquals("2", waiting.get(0).path("positionString").asText());
    assertEquals(120, waiting.get(0).path("expectedWaitTimeSeconds").asLong());
    assertEquals("120", waiting.get(0).path("expectedWaitTimeSecondsString").asText());
    assertEquals(60, waiting.get(0).path("averageWaitTimeSeconds").asLong());
    assertEquals(0, waiting.get(0).path("clientId").asLong());

    desk.accept(chatId(one), "Dee");
    JsonNode moved = f.poll(second, two);
    assertEquals(List.of(OracleSystemMessages.WAIT_INFORMATION_CHANGED), names(moved));
    assertEquals(1, moved.get(0).path("position").asInt());
    assertEquals(60, moved.get(0).path("expectedWaitTimeSeconds").asLong());
    assertEquals(2, moved.get(0).path("sequenceNumber").asLong());
    desk.end(chatId(one));
    json(f.call(second, "concludeEngagement", two, "{}"), 200);
    JsonNode concluded = f.poll(second, two);
    assertEquals("END_USER_CONCLUDED", concluded.get(0).path("reason").asText());
    assertEquals("END_USER", concluded.get(0).path("role").asText());
    assertEquals(DeskStatus.ENDED, desk.chat(chatId(two)).orElseThrow().status());
    json(f.call(second, "concludeEngagement", two, "{}"), 200);
    assertEquals(1, f.oracle.systemMessages(two).stream()
        .filter(m -> OracleSystemMessages.CONCLUDED.equals(m.get("messageName"))).count());
  }

  private static String chatId(String sessionId) {
    return Long.toString(f.oracle.engagement(sessionId).orElseThrow().engagementId());
  }

  private static List<String> names(JsonNode messages) {
    List<String> names = new ArrayList<>();
    messages.forEach(m -> names.add(m.path("messageName").asText()));
    return names;
  }
}
