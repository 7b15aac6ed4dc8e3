package io.baton.connector.misc.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.HandoverRequested;
import io.baton.events.OracleChatHandover;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The handover's session information, the transcript's messages and the transaction ids, before any call. */
class OracleOpeningTest {
  private static final OracleSettings DEFAULTS = OracleSettings.of(Map.of("siteUrl", "https://acme.custhelp.com",
      "interfaceId", "2", "queueId", "5"));

  private static HandoverRequested handover(String sessionInformation, String email) {
    HandoverRequested h = new HandoverRequested();
    h.setPayload(new OracleChatHandover(sessionInformation));
    VisitorContext context = new VisitorContext();
    context.setEmail(email);
    h.setContext(context);
    return h;
  }

  @Test
  void theConnectionsDefaultsAreMergedWhereTheHandoverIsSilent() {
    assertEquals("{\"emailAddress\":\"ada@example.com\",\"queueId\":9,\"interfaceId\":2}",
        OracleOpening.sessionInformation(handover("{\"emailAddress\":\"ada@example.com\",\"queueId\":9}", null),
            DEFAULTS));
    assertEquals("{\"firstName\":\"Ada\",\"interfaceId\":2,\"queueId\":5,\"emailAddress\":\"ctx@example.com\"}",
        OracleOpening.sessionInformation(handover("{\"firstName\":\"Ada\"}", "ctx@example.com"), DEFAULTS));
    assertEquals(9L, OracleOpening.queueOf("{\"queueId\":9}"));
    assertEquals(null, OracleOpening.queueOf("{}"));
    assertEquals(4L, OracleOpening.queueOf("{\"queueId\":\"4\"}"));
    assertEquals(null, OracleOpening.queueOf("{\"queueId\":\"sales\"}"));
  }

  @Test
  void sessionInformationThatIsNotAJsonObjectIsAClearRefusal() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> OracleOpening.sessionInformation(handover("[1]", null), DEFAULTS));
    assertEquals("the handover's sessionInformation is not a JSON object", e.getMessage());
    assertThrows(IllegalArgumentException.class,
        () -> OracleOpening.sessionInformation(handover("{\"a\":", null), DEFAULTS));
  }

  @Test
  void theTranscriptIsOneHeadedMessageOrSeveralUnderTheLimit() {
    Instant at = Instant.parse("2026-11-29T10:00:00Z");
    List<TranscriptEntry> transcript = List.of(new TranscriptEntry(TranscriptRole.visitor, "my order is late", at),
        new TranscriptEntry(TranscriptRole.bot, "let me get a human", at));
    assertEquals(List.of("Conversation with the bot before this chat:\nVisitor: my order is late\n"
        + "Bot: let me get a human"), OracleOpening.chunks(transcript, 1500));
    List<String> parts = OracleOpening.chunks(List.of(new TranscriptEntry(TranscriptRole.visitor, "x".repeat(70), at),
        new TranscriptEntry(TranscriptRole.bot, "y".repeat(30), at)), 50);
    assertEquals(List.of("Conversation with the bot before this chat:", "Visitor: " + "x".repeat(41), "x".repeat(29),
        "Bot: " + "y".repeat(30)), parts); // a line longer than a message is cut, nothing is lost
    assertEquals(List.of(), OracleOpening.chunks(List.of(), 50));
  }

  @Test
  void aTransactionIdIsStableForItsCommandAndDiffersBetweenCommands() {
    long id = OracleTransactions.id("cmd-1");
    assertEquals(id, OracleTransactions.id("cmd-1"));
    assertNotEquals(id, OracleTransactions.id("cmd-2"));
    assertTrue(id >= 0);
    Map<String, Object> body = OracleTransactions.message("hi", id);
    assertEquals(id, body.get("clientTransactionId"));
    assertTrue(((String) body.get("clientRequestTime")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"),
        body.toString());
  }

  @Test
  void theSessionServerNamesWhereTheEngagementApiIs() throws Exception {
    OracleEngagement e = new OracleEngagement("default", "{}");
    OracleSessions.apply(e, "https://acme.custhelp.com", OracleClient.JSON.readTree("{\"siteName\":\"acme.fq\","
        + "\"channelToken\":\"jwt-1\",\"sessionServerResponse\":\"{\\\"domain\\\":\\\"chat.example.com\\\","
        + "\\\"port\\\":\\\"443\\\",\\\"pool\\\":\\\"12:3\\\"}\"}"));
    assertEquals("https://chat.example.com:443/engagement/api/consumer/acme.fq/v1", e.apiUrl);
    assertEquals("12:3", e.pool);
    OracleSessions.apply(e, "https://acme.custhelp.com", OracleClient.JSON.readTree(
        "{\"siteName\":\"other\",\"channelToken\":\"jwt-2\",\"sessionServerResponse\":{\"domain\":\"x\",\"pool\":\"9\"}}"));
    assertEquals("jwt-2", e.jwt);
    assertEquals("https://chat.example.com:443/engagement/api/consumer/acme.fq/v1", e.apiUrl, "a renewal keeps it");
    OracleEngagement local = new OracleEngagement("default", "{}");
    OracleSessions.apply(local, "http://localhost:8099/oracle", OracleClient.JSON.readTree("{\"siteName\":\"s\","
        + "\"channelToken\":\"t\",\"sessionServerResponse\":{\"domain\":\"localhost:8099/oracle-chat\",\"pool\":\"1\"}}"));
    assertEquals("http://localhost:8099/oracle-chat/engagement/api/consumer/s/v1", local.apiUrl);
    assertThrows(IllegalStateException.class, () -> OracleSessions.apply(new OracleEngagement("d", "{}"),
        "https://a.b", OracleClient.JSON.readTree("{\"siteName\":\"s\",\"sessionServerResponse\":\"{}\"}")));
  }

  @Test
  void settingsAreCheckedAndEveryWrongOneNamed() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> OracleSettings.of(Map.of(
        "siteUrl", "http://acme.custhelp.com", "queueId", "x", "availabilityCheck", "maybe")));
    assertEquals("the connection's settings are wrong: siteUrl 'http://acme.custhelp.com' must be https; queueId 'x'"
        + " is not a positive id; availabilityCheck 'maybe' is not true or false", e.getMessage());
    assertEquals(new OracleSettings("https://acme.custhelp.com", null, null, true),
        OracleSettings.of(Map.of("siteUrl", "https://acme.custhelp.com/")));
    assertEquals(false, OracleSettings.of(Map.of("siteUrl", "http://localhost:1/oracle", "availabilityCheck",
        "false")).availabilityCheck());
  }

  @Test
  void theLinkKeepsTheEngagementAndWhatWasRelayed() {
    OracleEngagement e = new OracleEngagement("default", "{\"queueId\":5}");
    e.step = OracleEngagement.Step.LIVE;
    e.apiUrl = "https://chat/engagement/api/consumer/s/v1";
    e.pool = "1";
    e.jwt = "secret-jwt";
    e.sessionId = "S";
    e.engagementId = "5";
    e.clientId = "7";
    e.lastSequence = 12;
    e.agents.put("11", "Alex");
    e.agentTyping = true;
    OracleLinkCodec codec = new OracleLinkCodec();
    OracleEngagement back = codec.decode(1, codec.encode(e));
    assertEquals(codec.encode(e), codec.encode(back));
    assertEquals("Alex", back.agentName("11"));
    assertTrue(!e.toString().contains("secret-jwt"));
    assertThrows(IllegalArgumentException.class, () -> codec.decode(1, Map.of("connection", "d",
        "sessionInformation", "{}", "step", "LIVE", "apiUrl", "u", "jwt", "j")));
  }
}
