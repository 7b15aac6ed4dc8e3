package io.baton.sandbox.oracle;

import static io.baton.sandbox.oracle.OracleFixture.JSON;
import static io.baton.sandbox.oracle.OracleFixture.error;
import static io.baton.sandbox.oracle.OracleFixture.eventually;
import static io.baton.sandbox.oracle.OracleFixture.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.oracle.OracleFixture.Session;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The consumer side's strictness: Basic auth, the session information, the channel token's expiry, pool and session
 * headers, the long poll's hold and its one-poll rule, dedupe, auto-termination, queue statistics, routing rules.
 */
@ExtendWith(OracleFixture.Shared.class)
class OracleConsumerApiTest {
  static OracleFixture f;
  static AgentDesk desk;

  @BeforeAll
  static void fixture(OracleFixture fixture) {
    f = fixture;
    desk = fixture.sandbox.desk(OracleChatSimulator.NAME);
  }

  @Test
  void establishSessionsNeedsAnApiUserAndAValidSessionInformation() throws Exception {
    assertEquals(401, f.establish(null, null, "{}").statusCode());
    HttpResponse<String> wrong = f.establish(f.oracle.username(), "nope", "{}");
    assertEquals(401, json(wrong, 401).path("status").asInt());
    assertTrue(wrong.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic"));
    f.oracle.user("second", "s3cret");
    assertEquals(200, f.establish("second", "s3cret", "{}").statusCode());
    f.oracle.removeUser("second");
    assertEquals(401, f.establish("second", "s3cret", "{}").statusCode());

    String user = f.oracle.username();
    String pw = f.oracle.password();
    assertEquals(400, f.establish(user, pw, "[1]").statusCode());
    assertEquals(400, f.establish(user, pw, "{\"sessionInformation\":\"{not json\"}").statusCode());
    assertEquals(400, f.establish(user, pw, "{\"sessionInformation\":{\"queueId\":\"seven\"}}").statusCode());
    assertEquals(400, f.establish(user, pw, "{\"sessionInformation\":{\"emailAddress\":\"nobody\"}}").statusCode());
    assertEquals(400, f.establish(user, pw, "{\"sessionInformation\":{\"firstName\":{}}}").statusCode());

    // The string form sample clients send reads the same as the object.
    Session s = f.session("{\"emailAddress\":\"eve@example.com\",\"queueId\":3,\"auxiliaryData\":{\"plan\":\"gold\"}}");
    String sessionId = f.engage(s).path("sessionId").asText();
    JsonNode info = f.oracle.engagement(sessionId).orElseThrow().sessionInformation();
    assertEquals("eve@example.com", info.path("emailAddress").asText());
    assertEquals(3, info.path("queueId").asInt());
    assertEquals("gold", info.path("auxiliaryData").path("plan").asText());
    json(f.call(s, "concludeEngagement", sessionId, "{}"), 200);
  }

  @Test
  void theEngagementApiChecksTheTokenThePoolAndTheSession() throws Exception {
    Session s = f.session("{}");
    Session forged = new Session(s.siteName(), s.token().substring(0, s.token().length() - 2) + "xx", s.domain(),
        s.pool());
    error(f.call(forged, "requestEngagement", null, "{}"), 403, "ACCESS_DENIED");
    error(f.call(new Session(s.siteName(), "", s.domain(), s.pool()), "requestEngagement", null, "{}"), 403,
        "ACCESS_DENIED");
    error(f.call(new Session(s.siteName(), s.token(), s.domain(), "other-pool"), "requestEngagement", null, "{}"),
        400, "INVALID_FIELD");
    error(f.call(new Session("other_site", s.token(), s.domain(), s.pool()), "requestEngagement", null, "{}"), 404,
        "NOT_FOUND");
    assertEquals(0, f.oracle.engagements().size() - f.oracle.engagements().size());
    int before = f.oracle.engagements().size();
    error(f.call(s, "requestEngagement", null, "{\"clientTransactionId\":\"x\"}"), 400, "INVALID_FIELD");
    error(f.call(s, "requestEngagement", null, "{\"clientRequestTime\":\"yesterday\"}"), 400, "INVALID_FIELD");
    assertEquals(before, f.oracle.engagements().size());

    String sessionId = f.engage(s).path("sessionId").asText();
    error(f.call(s, "postMessage", null, "{\"body\":\"hi\"}"), 400, "BAD_REQUEST");
    error(f.call(s, "postMessage", "no-such-session", "{\"body\":\"hi\"}"), 404, "NOT_FOUND");
    error(f.call(s, "postMessage", sessionId, "{\"body\":\"  \"}"), 400, "BAD_REQUEST");
    error(f.call(s, "postMessage", sessionId, "{\"body\":\"hi\",\"richText\":\"yes\"}"), 400, "INVALID_FIELD");
    error(f.call(s, "activity", sessionId, "{\"mode\":\"AWAY\"}"), 400, "INVALID_FIELD");
    json(f.call(s, "activity", sessionId, "{\"mode\":\"RESPONDING\"}"), 200);
    assertEquals("RESPONDING", f.oracle.engagement(sessionId).orElseThrow().endUserMode());
    assertTrue(f.oracle.engagement(sessionId).orElseThrow().transcript().isEmpty());
    json(f.call(s, "concludeEngagement", sessionId, "{}"), 200);
  }

  @Test
  void anExpiredChannelTokenIs403AndANewTokenGoesOnWithTheSameSession() throws Exception {
    f.oracle.jwtLifetime(Duration.ofSeconds(1));
    Session shortLived;
    try {
      shortLived = f.session("{}");
    } finally {
      f.oracle.jwtLifetime(Duration.ofMinutes(30));
    }
    String sessionId = f.engage(shortLived).path("sessionId").asText();
    eventually(() -> f.call(shortLived, "postMessage", sessionId, "{\"body\":\"still there?\"}").statusCode() == 403,
        "the token to expire");
    error(f.call(shortLived, "getMessages", sessionId, "{}"), 403, "ACCESS_DENIED");
    Session renewed = f.session("{}");
    json(f.call(renewed, "postMessage", sessionId, "{\"body\":\"back\"}"), 200);
    json(f.call(renewed, "concludeEngagement", sessionId, "{}"), 200);
  }

  @Test
  void anEmptyPollIsHeldThenAnsweredEmptyAndASecondPollReleasesTheFirst() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    assertEquals(1, f.poll(s, sessionId).size()); // its queue position

    long start = System.nanoTime();
    JsonNode empty = f.poll(s, sessionId);
    long heldMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals(0, empty.size());
    assertTrue(heldMs >= OracleFixture.HOLD.toMillis() - 50, "held " + heldMs + " ms");

    f.oracle.pollHold(Duration.ofSeconds(5));
    try {
      CompletableFuture<HttpResponse<String>> first = f.pollAsync(s, sessionId);
      eventually(() -> f.oracle.polling(sessionId), "the first poll to be held");
      CompletableFuture<HttpResponse<String>> second = f.pollAsync(s, sessionId);
      HttpResponse<String> released = first.get(2, TimeUnit.SECONDS);
      assertEquals("[]", json(released, 200).path("systemMessages").toString());
      eventually(() -> f.oracle.polling(sessionId), "the second poll to be held");
      String chatId = chatId(sessionId);
      desk.accept(chatId, "Kim");
      JsonNode got = json(second.get(2, TimeUnit.SECONDS), 200).path("systemMessages");
      assertEquals(OracleSystemMessages.PARTICIPANT_ADDED, got.get(0).path("messageName").asText());
      assertEquals(2, got.get(0).path("sequenceNumber").asInt());
      desk.end(chatId);
    } finally {
      f.oracle.pollHold(OracleFixture.HOLD);
    }
  }

  @Test
  void aMessageForAPollWhoseClientHungUpStaysForTheNextPoll() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    String chatId = chatId(sessionId);
    desk.accept(chatId, "Lee");
    assertEquals(2, f.poll(s, sessionId).size()); // queue position, participant added
    f.oracle.pollHold(Duration.ofSeconds(5));
    try {
      URI url = URI.create(s.engagementUrl("getMessages"));
      try (Socket socket = new Socket(url.getHost(), url.getPort())) {
        OutputStream out = socket.getOutputStream();
        out.write(("POST " + url.getRawPath() + "?" + url.getRawQuery() + " HTTP/1.1\r\nHost: " + url.getHost()
            + "\r\nAuthorization: Bearer " + s.token() + "\r\nSessionId: " + sessionId
            + "\r\nContent-Type: application/json\r\nContent-Length: 2\r\n\r\n{}").getBytes(StandardCharsets.UTF_8));
        out.flush();
        eventually(() -> f.oracle.polling(sessionId), "the raw poll to be held");
      }
      desk.say(chatId, "Are you there?");
      assertFalse(f.oracle.polling(sessionId));
      assertEquals(List.of("Are you there?"), f.oracle.pendingMessages(sessionId).stream()
          .map(m -> m.get("body")).toList());
      JsonNode next = f.poll(s, sessionId);
      assertEquals(1, next.size());
      assertEquals("Are you there?", next.get(0).path("body").asText());
      assertEquals(3, next.get(0).path("sequenceNumber").asInt());
    } finally {
      f.oracle.pollHold(OracleFixture.HOLD);
    }
    desk.end(chatId);
  }

  @Test
  void aCancelledPollClosesItsConnectionAndItsMessagesWaitForTheNextPoll() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    String chatId = chatId(sessionId);
    desk.accept(chatId, "Noa");
    assertEquals(2, f.poll(s, sessionId).size());
    f.oracle.pollHold(Duration.ofSeconds(5));
    try {
      // What a stopping client does with its held poll: on Java 17 cancelling the exchange closes its connection.
      CompletableFuture<HttpResponse<String>> held = f.pollAsync(s, sessionId);
      eventually(() -> f.oracle.polling(sessionId), "the poll to be held");
      held.cancel(true);
      eventually(() -> f.oracle.pollerHungUp(sessionId), "the cancelled poll's connection to close");
      desk.typing(chatId, true);
      assertFalse(f.oracle.polling(sessionId));
      JsonNode next = f.poll(s, sessionId);
      assertEquals(List.of(OracleSystemMessages.ACTIVITY_CHANGED), names(next));
    } finally {
      f.oracle.pollHold(OracleFixture.HOLD);
    }
    desk.end(chatId);
  }

  @Test
  void queueStatsReadTheUrlEncodedRequestAndAnswerTheAgentsOnline() throws Exception {
    Session s = f.session("{}");
    // The docs' own example: tabs, line breaks and spaces inside the JSON.
    String request = "{\r\n\t\"queueId\": 1,\r\n\t\"chatProactiveAvailableType\": \"AGENTS\"\r\n}";
    assertEquals(1, json(f.queueStats(s, request), 200).path("availableAgentSessions").asInt());
    f.oracle.agentsOnline(3);
    try {
      assertEquals(3, json(f.queueStats(s, request), 200).path("availableAgentSessions").asInt());
    } finally {
      f.oracle.agentsOnline(1);
    }
    HttpResponse<String> none = f.sandboxCall("PUT", "/sandbox/oracle_chat/availability", "{\"agentsOnline\":0}");
    assertEquals(0, json(none, 200).path("agentsOnline").asInt());
    assertEquals(0, json(f.queueStats(s, request), 200).path("availableAgentSessions").asInt());
    assertEquals(400, f.sandboxCall("PUT", "/sandbox/oracle_chat/availability", "{\"agentsOnline\":-1}").statusCode());
    f.sandboxCall("PUT", "/sandbox/oracle_chat/availability", "{\"agentsOnline\":1}");
    error(f.queueStats(s, null), 400, "BAD_REQUEST");
    error(f.queueStats(s, "[1]"), 400, "BAD_REQUEST");
    error(f.queueStats(s, "{\"chatProactiveAvailableType\":\"PEOPLE\"}"), 400, "INVALID_FIELD");
    error(f.queueStats(new Session(s.siteName(), "x.y.z", s.domain(), s.pool()), request), 403, "ACCESS_DENIED");
  }

  @Test
  void aRoutingRuleDequeuesWith409AndCreatesNothing() throws Exception {
    f.oracle.dequeueQueue(13);
    try {
      int before = f.oracle.engagements().size();
      Session s = f.session("{\"queueId\":13}");
      HttpResponse<String> refused = f.call(s, "requestEngagement", null, "{}");
      error(refused, 409, "CONFLICT");
      assertTrue(JSON.readTree(refused.body()).path("message").asText().contains("13"));
      assertEquals(before, f.oracle.engagements().size());
      Session other = f.session("{\"queueId\":14}");
      String sessionId = f.engage(other).path("sessionId").asText();
      json(f.call(other, "concludeEngagement", sessionId, "{}"), 200);
    } finally {
      f.oracle.clearDequeueRule();
    }
  }

  @Test
  void faultsHitTheOperationNamedAndChangeNothing() throws Exception {
    Session s = f.session("{}");
    String sessionId = f.engage(s).path("sessionId").asText();
    f.oracle.faults().failNext("postMessage", 503, null, 1);
    error(f.call(s, "postMessage", sessionId, "{\"body\":\"lost?\"}"), 503, "UNKNOWN_EXCEPTION");
    assertTrue(desk.chat(chatId(sessionId)).orElseThrow().transcript().isEmpty());
    json(f.call(s, "postMessage", sessionId, "{\"body\":\"lost?\"}"), 200);
    f.oracle.faults().failNext("establishSessions", 500, null, 1);
    assertEquals(500, f.establish(f.oracle.username(), f.oracle.password(), "{}").statusCode());
    json(f.call(s, "concludeEngagement", sessionId, "{}"), 200);
  }

  private static List<String> names(JsonNode messages) {
    List<String> names = new ArrayList<>();
    messages.forEach(m -> names.add(m.path("messageName").asText()));
    return names;
  }

  private static String chatId(String sessionId) {
    return Long.toString(f.oracle.engagement(sessionId).orElseThrow().engagementId());
  }
}
