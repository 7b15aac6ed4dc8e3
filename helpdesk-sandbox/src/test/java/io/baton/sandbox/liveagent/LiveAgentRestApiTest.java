package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import static io.baton.sandbox.liveagent.TestVisitor.json;
import static io.baton.sandbox.liveagent.TestVisitor.send;
import static io.baton.sandbox.liveagent.TestVisitor.types;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The visitor side of the Live Agent REST API, driven over HTTP as a connector would. */
class LiveAgentRestApiTest {
  static final Duration HOLD = Duration.ofMillis(300);
  static HelpdeskSandbox sandbox;
  static LiveAgentSimulator liveAgent;
  static String rest;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(HOLD)
        .withSessionTimeout(Duration.ofSeconds(30)));
    liveAgent = sandbox.liveAgent();
    rest = sandbox.liveAgentRestUrl();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @AfterEach
  void agentsBackOnline() {
    liveAgent.setAgentsOnline(true);
  }

  @Test
  void sessionIdAnswersIdKeyAffinityAndClientPollTimeoutAsString() {
    HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(rest + "System/SessionId"))
        .header("X-LIVEAGENT-API-VERSION", "49").header("X-LIVEAGENT-AFFINITY", "null").GET().build());

    assertEquals(200, response.statusCode());
    assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
    JsonNode body = json(response);
    assertEquals(List.of("id", "key", "affinityToken", "clientPollTimeout"), fieldNames(body));
    assertEquals(body.get("id").asText(), UUID.fromString(body.get("id").asText()).toString());
    assertTrue(body.get("key").isTextual() && body.get("key").asText().length() > 20);
    assertTrue(body.get("affinityToken").isTextual() && !body.get("affinityToken").asText().isEmpty());
    assertTrue(body.get("clientPollTimeout").isTextual(), "clientPollTimeout is a string");
    assertEquals("40", body.get("clientPollTimeout").asText());
  }

  @Test
  void sessionIdNeedsVersionAndAffinityHeaders() {
    assertEquals(400, send(HttpRequest.newBuilder(URI.create(rest + "System/SessionId"))
        .header("X-LIVEAGENT-AFFINITY", "null").GET().build()).statusCode());
    assertEquals(400, send(HttpRequest.newBuilder(URI.create(rest + "System/SessionId"))
        .header("X-LIVEAGENT-API-VERSION", "49").GET().build()).statusCode());
  }

  @ParameterizedTest
  @ValueSource(strings = {"organizationId", "deploymentId", "buttonId", "sessionId"})
  void chasitorInitWithoutRequiredFieldIs400(String field) {
    TestVisitor visitor = TestVisitor.open(rest);
    ObjectNode body = visitor.initBody(uniqueButton(), false);
    body.remove(field);

    assertEquals(400, visitor.post("ChasitorInit", body.toString()).statusCode());
    assertTrue(liveAgent.chat(visitor.id).isEmpty(), "no chat is created");
  }

  @Test
  void chasitorInitRejectsBadJsonWrongSessionIdAndBadTypes() {
    TestVisitor visitor = TestVisitor.open(rest);
    // The seed's payload has a trailing comma: not JSON.
    assertEquals(400, visitor.post("ChasitorInit", "{\"buttonId\": \"573\",}").statusCode());
    assertEquals(400, visitor.post("ChasitorInit", "[]").statusCode());

    ObjectNode otherSession = visitor.initBody(uniqueButton(), false);
    otherSession.put("sessionId", UUID.randomUUID().toString());
    assertEquals(400, visitor.post("ChasitorInit", otherSession.toString()).statusCode());

    ObjectNode detailsNotArray = visitor.initBody(uniqueButton(), false);
    detailsNotArray.put("prechatDetails", "Email");
    assertEquals(400, visitor.post("ChasitorInit", detailsNotArray.toString()).statusCode());

    ObjectNode detailWithoutValue = visitor.initBody(uniqueButton(), false);
    ((ObjectNode) detailWithoutValue.get("prechatDetails").get(0)).remove("value");
    assertEquals(400, visitor.post("ChasitorInit", detailWithoutValue.toString()).statusCode());

    ObjectNode entityMapWithoutDoCreate = visitor.initBody(uniqueButton(), false);
    ObjectNode entity = entityMapWithoutDoCreate.putArray("prechatEntities").addObject();
    entity.put("entityName", "Contact");
    ObjectNode fieldMap = entity.putArray("entityFieldsMaps").addObject();
    fieldMap.put("fieldName", "Email").put("label", "Email").put("doFind", true).put("isExactMatch", true);
    assertEquals(400, visitor.post("ChasitorInit", entityMapWithoutDoCreate.toString()).statusCode());

    ObjectNode queueUpdatesNotBoolean = visitor.initBody(uniqueButton(), false);
    queueUpdatesNotBoolean.put("receiveQueueUpdates", "yes");
    assertEquals(400, visitor.post("ChasitorInit", queueUpdatesNotBoolean.toString()).statusCode());

    assertTrue(liveAgent.chat(visitor.id).isEmpty());
    // The rejected attempts did not use up the session: a valid init still works.
    assertEquals(200, visitor.init(uniqueButton(), false).statusCode());
  }

  @Test
  void chasitorInitChecksHeadersAndSessionKey() {
    TestVisitor visitor = TestVisitor.open(rest);
    String body = visitor.initBody(uniqueButton(), false).toString();
    HttpRequest.Builder unknownKey = HttpRequest.newBuilder(URI.create(rest + "Chasitor/ChasitorInit"))
        .header("X-LIVEAGENT-API-VERSION", "49").header("X-LIVEAGENT-AFFINITY", visitor.affinity)
        .header("X-LIVEAGENT-SESSION-KEY", visitor.id + "!0!forged").header("X-LIVEAGENT-SEQUENCE", "1")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    assertEquals(403, send(unknownKey.build()).statusCode());

    HttpRequest noSequence = visitor.chasitorRequest("Chasitor/ChasitorInit")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertEquals(400, send(noSequence).statusCode());

    HttpRequest wrongAffinity = visitor.chasitorRequest("Chasitor/ChasitorInit")
        .setHeader("X-LIVEAGENT-AFFINITY", "ffffffff").header("X-LIVEAGENT-SEQUENCE", "1")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertEquals(403, send(wrongAffinity).statusCode());

    HttpRequest noVersion = HttpRequest.newBuilder(URI.create(rest + "Chasitor/ChasitorInit"))
        .header("X-LIVEAGENT-AFFINITY", visitor.affinity).header("X-LIVEAGENT-SESSION-KEY", visitor.key)
        .header("X-LIVEAGENT-SEQUENCE", "1").POST(HttpRequest.BodyPublishers.ofString(body)).build();
    assertEquals(400, send(noVersion).statusCode());

    assertEquals(200, visitor.post("ChasitorInit", body).statusCode());
    assertEquals(500, visitor.post("ChasitorInit", body).statusCode(), "ChasitorInit must be the first POST, once");
  }

  @Test
  void chasitorInitAcceptsBothCustomDetailShapesAndKeepsThemAsReceived() throws Exception {
    TestVisitor visitor = TestVisitor.open(rest);
    ObjectNode body = visitor.initBody(uniqueButton(), false);
    // The official example's shape: entityFieldMaps nested in the detail, no transcriptFields.
    ObjectNode nested = ((com.fasterxml.jackson.databind.node.ArrayNode) body.get("prechatDetails")).addObject();
    nested.put("label", "LastName").put("value", "Visitor").put("displayToAgent", true);
    nested.putArray("entityFieldMaps").addObject().put("entityName", "contact").put("fieldName", "LastName")
        .put("isFastFillable", false).put("isAutoQueryable", true).put("isExactMatchable", true);
    ObjectNode entity = body.putArray("prechatEntities").addObject();
    entity.put("entityName", "Contact").put("saveToTranscript", "contact").put("showOnCreate", true)
        .put("linkToEntityField", "ContactId");
    entity.putArray("entityFieldsMaps").addObject().put("fieldName", "LastName").put("label", "LastName")
        .put("doFind", true).put("isExactMatch", true).put("doCreate", false);

    assertEquals(200, visitor.post("ChasitorInit", body.toString()).statusCode());

    LiveAgentChat chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.QUEUED, chat.status());
    assertEquals("Vera Visitor", chat.visitorName());
    assertEquals("en-US", chat.language());
    assertEquals("1920x1080", chat.screenResolution());
    assertEquals("Mozilla/5.0 (test)", chat.userAgent());
    assertEquals("00D6g000003Q6HI", chat.organizationId());
    assertEquals("5726g000000k9nQ", chat.deploymentId());
    assertEquals(TestVisitor.JSON.convertValue(body.get("prechatDetails"), List.class), chat.prechatDetails());
    assertEquals(TestVisitor.JSON.convertValue(body.get("prechatEntities"), List.class), chat.prechatEntities());
    JsonNode success = visitor.awaitMessage("ChatRequestSuccess");
    assertEquals(body.get("prechatDetails"), success.get("customDetails"));
  }

  @Test
  void happyPathFromInitToAgentEnd() {
    TestVisitor visitor = TestVisitor.open(rest);
    String button = uniqueButton();
    assertEquals(200, visitor.init(button, true).statusCode());

    HttpResponse<String> first = visitor.poll();
    assertEquals(200, first.statusCode());
    assertEquals(List.of("ChatRequestSuccess"), types(first));
    JsonNode success = json(first).get("messages").get(0).get("message");
    assertEquals(1, success.get("queuePosition").asInt());
    assertEquals(30, success.get("estimatedWaitTime").asInt());
    assertTrue(success.has("visitorId") && success.has("postChatUrl") && success.has("geoLocation"));
    assertEquals(json(first).get("sequence"), json(first).get("offset"));

    // Before the agent accepts, a visitor message is queued to the agent.
    assertEquals(200, visitor.post("ChatMessage", "{\"text\":\"Anyone there?\"}").statusCode());
    assertEquals(200, visitor.post("ChasitorTyping", null).statusCode());
    assertTrue(liveAgent.chat(visitor.id).orElseThrow().visitorTyping());
    assertEquals(200, visitor.post("ChasitorNotTyping", null).statusCode());
    assertEquals(200, visitor.post("ChasitorSneakPeek", "{\"position\":3,\"text\":\"I n\"}").statusCode());

    liveAgent.accept(visitor.id, "Alex");
    JsonNode established = visitor.awaitMessage("ChatEstablished");
    assertEquals("Alex", established.get("name").asText());
    assertTrue(established.get("userId").asText().startsWith("005"));
    assertTrue(established.has("sneakPeekEnabled") && established.has("chasitorIdleTimeout"));

    liveAgent.agentTyping(visitor.id, true);
    assertEquals(0, visitor.awaitMessage("AgentTyping").size());
    liveAgent.agentSays(visitor.id, "Hi, I am Alex. How can I help?");
    JsonNode agentMessage = visitor.awaitMessage("ChatMessage");
    assertEquals("Alex", agentMessage.get("name").asText());
    assertEquals("Hi, I am Alex. How can I help?", agentMessage.get("text").asText());

    assertEquals(200, visitor.post("ChatMessage", "{\"text\":\"My order is late\"}").statusCode());
    LiveAgentChat chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.ESTABLISHED, chat.status());
    assertEquals("Alex", chat.agentName());
    assertEquals(0, chat.queuePosition());
    assertFalse(chat.visitorTyping());
    assertEquals(List.of("visitor:Anyone there?", "agent:Hi, I am Alex. How can I help?", "visitor:My order is late"),
        chat.transcript().stream().map(l -> l.from() + ":" + l.text()).toList());

    liveAgent.endByAgent(visitor.id);
    JsonNode ended = visitor.awaitMessage("ChatEnded");
    assertEquals("agent", ended.get("reason").asText());
    assertTrue(ended.get("attachedRecords").isArray());
    chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.ENDED, chat.status());
    assertEquals("agent", chat.endedBy());

    // After ChatEnded is acknowledged the session is gone.
    assertEquals(403, visitor.poll().statusCode());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"hello?\"}").statusCode());
  }

  @Test
  void unacknowledgedMessagesAreRedeliveredAcknowledgedOnesAreNot() {
    TestVisitor visitor = TestVisitor.open(rest);
    assertEquals(200, visitor.init(uniqueButton(), false).statusCode());

    HttpResponse<String> first = visitor.pollWithAck(-1);
    assertEquals(List.of("ChatRequestSuccess"), types(first));
    long firstSequence = json(first).get("sequence").asLong();

    // The client "lost" that response and polls with the same ack: the message comes again.
    HttpResponse<String> again = visitor.pollWithAck(-1);
    assertEquals(List.of("ChatRequestSuccess"), types(again));
    assertEquals(firstSequence, json(again).get("sequence").asLong());

    liveAgent.accept(visitor.id, "Alex");
    HttpResponse<String> both = visitor.pollWithAck(-1);
    assertEquals(List.of("ChatRequestSuccess", "ChatEstablished"), types(both));

    // Acknowledging the first sequence drops only the first message.
    HttpResponse<String> remaining = visitor.pollWithAck(firstSequence);
    assertEquals(List.of("ChatEstablished"), types(remaining));
    long lastSequence = json(remaining).get("sequence").asLong();
    assertTrue(lastSequence > firstSequence);

    // Everything acknowledged: nothing is resent, the poll is held and answers 204.
    assertEquals(204, visitor.pollWithAck(lastSequence).statusCode());
    assertEquals(204, visitor.pollWithAck(-1).statusCode(), "acknowledged messages are gone for good");
  }

  @Test
  void emptyPollIsHeldThen204() {
    TestVisitor visitor = TestVisitor.open(rest);
    long start = System.nanoTime();
    HttpResponse<String> response = visitor.poll();
    long elapsedMillis = Duration.ofNanos(System.nanoTime() - start).toMillis();

    assertEquals(204, response.statusCode());
    assertEquals("", response.body());
    assertTrue(elapsedMillis >= HOLD.toMillis() - 50, "held about the hold time, was " + elapsedMillis + " ms");
    assertEquals(-1, visitor.ack, "after a 204 the client keeps its ack");
  }

  @Test
  void duplicateSequenceIsAnsweredOkAndIgnored() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"once\"}", 5).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"once\"}", 5).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"stale\"}", 4).statusCode());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"twice\"}", 6).statusCode());

    assertEquals(List.of("once", "twice"),
        liveAgent.chat(visitor.id).orElseThrow().transcript().stream().map(TranscriptLine::text).toList());
  }

  @Test
  void requestsBeforeChatRequestSuccessAre500() {
    TestVisitor visitor = TestVisitor.open(rest);
    assertEquals(500, visitor.post("ChatMessage", "{\"text\":\"too early\"}").statusCode(), "before ChasitorInit");

    assertEquals(200, visitor.init(uniqueButton(), false).statusCode());
    assertEquals(500, visitor.post("ChatMessage", "{\"text\":\"still early\"}").statusCode(),
        "ChatRequestSuccess not delivered yet");
    assertEquals(500, visitor.post("ChasitorTyping", null).statusCode());
    assertEquals(500, visitor.post("ChatEnd", "{\"reason\":\"client\"}").statusCode());

    visitor.awaitMessage("ChatRequestSuccess");
    assertEquals(200, visitor.post("ChatMessage", "{\"text\":\"now\"}").statusCode());
    assertEquals(List.of("now"),
        liveAgent.chat(visitor.id).orElseThrow().transcript().stream().map(TranscriptLine::text).toList());
  }

  @Test
  void chatMessageNeedsText() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    assertEquals(400, visitor.post("ChatMessage", "{}").statusCode());
    assertEquals(400, visitor.post("ChatMessage", "not json").statusCode());
    assertTrue(liveAgent.chat(visitor.id).orElseThrow().transcript().isEmpty());
  }

  @Test
  void chatEndNeedsAReasonAndEndsTheSession() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    assertEquals(400, visitor.post("ChatEnd", "{}").statusCode());
    assertEquals(400, visitor.post("ChatEnd", null).statusCode());
    assertEquals(ChatStatus.QUEUED, liveAgent.chat(visitor.id).orElseThrow().status());

    assertEquals(200, visitor.post("ChatEnd", "{\"reason\":\"client\"}").statusCode());
    LiveAgentChat chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.ENDED, chat.status());
    assertEquals("visitor", chat.endedBy());
    assertEquals(403, visitor.poll().statusCode());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"hello?\"}").statusCode());
  }

  @Test
  void deleteSessionIdEndsTheSession() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    HttpResponse<String> delete = send(HttpRequest.newBuilder(URI.create(rest + "System/SessionId/" + visitor.key))
        .header("X-LIVEAGENT-API-VERSION", "49").header("X-LIVEAGENT-AFFINITY", visitor.affinity)
        .DELETE().build());

    assertEquals(200, delete.statusCode());
    assertEquals("visitor", liveAgent.chat(visitor.id).orElseThrow().endedBy());
    assertEquals(403, visitor.poll().statusCode());
  }

  @Test
  void queueUpdateWhenAChatAheadIsAccepted() {
    String button = uniqueButton();
    TestVisitor ahead = TestVisitor.open(rest);
    TestVisitor behind = TestVisitor.open(rest);
    TestVisitor otherButton = TestVisitor.open(rest);
    assertEquals(1, ahead.initAndAwaitRequestSuccess(button, true).get("queuePosition").asInt());
    assertEquals(2, behind.initAndAwaitRequestSuccess(button, true).get("queuePosition").asInt());
    assertEquals(1, otherButton.initAndAwaitRequestSuccess(uniqueButton(), true).get("queuePosition").asInt(),
        "queues are per button");
    assertEquals(2, liveAgent.chat(behind.id).orElseThrow().queuePosition());

    liveAgent.accept(ahead.id, "Alex");

    JsonNode update = behind.awaitMessage("QueueUpdate");
    assertEquals(1, update.get("position").asInt());
    assertEquals(30, update.get("estimatedWaitTime").asInt());
    assertEquals(1, liveAgent.chat(behind.id).orElseThrow().queuePosition());
    assertEquals(204, otherButton.poll().statusCode(), "no update for a chat whose position did not change");
  }

  @Test
  void queueUpdateWhenAChatAheadEndsButOnlyIfRequested() {
    String button = uniqueButton();
    TestVisitor ahead = TestVisitor.open(rest);
    TestVisitor wantsUpdates = TestVisitor.open(rest);
    TestVisitor noUpdates = TestVisitor.open(rest);
    ahead.initAndAwaitRequestSuccess(button, true);
    wantsUpdates.initAndAwaitRequestSuccess(button, true);
    noUpdates.initAndAwaitRequestSuccess(button, false);

    assertEquals(200, ahead.post("ChatEnd", "{\"reason\":\"client\"}").statusCode());

    assertEquals(1, wantsUpdates.awaitMessage("QueueUpdate").get("position").asInt());
    assertEquals(204, noUpdates.poll().statusCode());
    assertEquals(2, liveAgent.chat(noUpdates.id).orElseThrow().queuePosition(), "position still moves");
  }

  @Test
  void availabilityReportsButtonsAndFollowsAgentsOnline() {
    String query = "Visitor/Availability?org_id=00D6g000003Q6HI&deployment_id=5726g000000k9nQ"
        + "&Availability.ids=%5B5736g000000k9nQ,5736g000000k9nR%5D&Availability.needEstimatedWaitTime=1";
    HttpRequest request = HttpRequest.newBuilder(URI.create(rest + query))
        .header("X-LIVEAGENT-API-VERSION", "49").GET().build();

    JsonNode online = json(send(request));
    JsonNode message = online.get("messages").get(0);
    assertEquals("Availability", message.get("type").asText());
    JsonNode results = message.get("message").get("results");
    assertEquals(2, results.size());
    assertEquals("5736g000000k9nQ", results.get(0).get("id").asText());
    assertEquals("5736g000000k9nR", results.get(1).get("id").asText());
    assertTrue(results.get(0).get("isAvailable").asBoolean());
    assertTrue(results.get(0).get("estimatedWaitTime").isInt());

    liveAgent.setAgentsOnline(false);
    JsonNode offline = json(send(request)).get("messages").get(0).get("message").get("results").get(0);
    assertEquals("5736g000000k9nQ", offline.get("id").asText());
    assertFalse(offline.has("isAvailable"), "an unavailable button omits isAvailable");

    assertEquals(400, send(HttpRequest.newBuilder(URI.create(rest + "Visitor/Availability?Availability.ids=[x]"))
        .header("X-LIVEAGENT-API-VERSION", "49").GET().build()).statusCode());
    assertEquals(400, send(HttpRequest.newBuilder(URI.create(rest + query)).GET().build()).statusCode(),
        "version header required");
  }

  @Test
  void chasitorInitWithNoAgentOnlineFailsAsUnavailable() {
    liveAgent.setAgentsOnline(false);
    TestVisitor visitor = TestVisitor.open(rest);
    assertEquals(200, visitor.init(uniqueButton(), false).statusCode());

    JsonNode fail = visitor.awaitMessage("ChatRequestFail");
    assertEquals("Unavailable", fail.get("reason").asText());
    LiveAgentChat chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.ENDED, chat.status());
    assertNull(chat.endedBy());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"hi\"}").statusCode());
    assertEquals(403, visitor.poll().statusCode(), "after ChatRequestFail is acknowledged the session is over");
  }

  @Test
  void unknownPathsAre404() {
    TestVisitor visitor = TestVisitor.open(rest);
    assertEquals(404, send(visitor.chasitorRequest("System/Nothing").GET().build()).statusCode());
    assertEquals(404, visitor.post("ChasitorDance", "{}").statusCode());
    assertEquals(404, send(visitor.chasitorRequest("chasitor/chatmessage").header("X-LIVEAGENT-SEQUENCE", "9")
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build()).statusCode(), "paths are case-sensitive");
  }

  @Test
  void agentActionsOnTheJavaApiCheckState() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    assertThrows(ChatStateException.class, () -> liveAgent.agentSays(visitor.id, "hi"));
    assertThrows(ChatStateException.class, () -> liveAgent.endByAgent(visitor.id));
    assertThrows(ChatNotFoundException.class, () -> liveAgent.accept("nope", "Alex"));
    liveAgent.accept(visitor.id, "Alex");
    assertThrows(ChatStateException.class, () -> liveAgent.accept(visitor.id, "Sam"));
    assertTrue(liveAgent.chats().stream().anyMatch(c -> c.sessionId().equals(visitor.id)));
  }

  private static List<String> fieldNames(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
