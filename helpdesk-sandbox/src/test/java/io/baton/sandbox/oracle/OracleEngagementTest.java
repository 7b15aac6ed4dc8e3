package io.baton.sandbox.oracle;

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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A chat from establishSessions to conclusion, as the end user's client sees it and as the agent desk drives it. */
class OracleEngagementTest {
  @RegisterExtension
  static final OracleFixture f = new OracleFixture();
  static final AgentDesk desk = f.sandbox.desk(OracleChatSimulator.NAME);

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
    OracleFixture.error(f.call(s, "getMessages", sessionId, "{}"), 409, "CONFLICT");
    assertFalse(f.oracle.systemMessages(sessionId).isEmpty());
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
}
