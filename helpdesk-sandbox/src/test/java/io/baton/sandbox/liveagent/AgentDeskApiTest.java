package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;

import static io.baton.sandbox.liveagent.TestVisitor.json;
import static io.baton.sandbox.liveagent.TestVisitor.send;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The desk API under /sandbox/desk/ for Live Agent chats, as the console and other modules' tests use it. */
class AgentDeskApiTest {
  static HelpdeskSandbox sandbox;
  static String agentApi;
  static String deskApi;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofMillis(300)));
    agentApi = sandbox.baseUrl() + "/sandbox/liveagent";
    deskApi = sandbox.baseUrl() + "/sandbox/desk";
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  static HttpResponse<String> post(String path, String body) {
    return send(
        HttpRequest.newBuilder(URI.create(deskApi + "/liveagent" + path)).header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  static HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(deskApi + "/liveagent" + path)).GET().build());
  }

  static void assertProblem(HttpResponse<String> response, int status, String type) {
    assertEquals(status, response.statusCode(), response.body());
    assertEquals("application/problem+json", response.headers().firstValue("Content-Type").orElse(""));
    JsonNode problem = json(response);
    assertEquals("urn:baton:sandbox:problem:" + type, problem.get("type").asText());
    assertEquals(status, problem.get("status").asInt());
    assertTrue(problem.get("title").isTextual());
    assertTrue(problem.get("detail").isTextual());
  }

  @Test
  void agentDrivesAChatOverHttp() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), true);
    assertEquals(200, visitor.post("ChatMessage", "{\"text\":\"hello\"}").statusCode());

    JsonNode listed = null;
    for (JsonNode chat : json(send(HttpRequest.newBuilder(URI.create(deskApi + "/chats")).GET().build()))) {
      if (chat.get("platform").asText().equals("liveagent") && chat.get("id").asText().equals(visitor.id)) {
        listed = chat;
      }
    }
    assertEquals("QUEUED", listed.get("status").asText());
    assertTrue(listed.get("waitingSince").asText().endsWith("Z"));
    assertEquals("Vera Visitor", listed.get("visitorName").asText());
    assertEquals("Vera Visitor", listed.get("context").get("Visitor name").asText());
    assertTrue(listed.get("context").has("Email"), "the prechat details are the context");
    assertTrue(listed.get("agentName").isNull());
    assertEquals(List.of("ACCEPT", "SAY", "TYPING", "LEAVE", "TRANSFER", "END"),
        TestVisitor.JSON.convertValue(listed.get("actions"), List.class));
    assertEquals(List.of("platform", "id", "status", "waitingSince", "agentName", "visitorName", "context",
        "transcript", "actions"), names(listed));
    JsonNode line = listed.get("transcript").get(0);
    assertEquals("visitor", line.get("from").asText());
    assertEquals("hello", line.get("text").asText());
    assertTrue(line.get("at").asText().endsWith("Z"));

    HttpResponse<String> accepted = post("/chats/" + visitor.id + "/accept", "{\"agentName\":\"Sam\"}");
    assertEquals(200, accepted.statusCode());
    assertEquals("ACTIVE", json(accepted).get("status").asText());
    assertTrue(json(accepted).get("waitingSince").isNull());
    assertEquals("Sam", visitor.awaitMessage("ChatEstablished").get("name").asText());

    assertEquals(200, post("/chats/" + visitor.id + "/typing", "{\"typing\":true}").statusCode());
    visitor.awaitMessage("AgentTyping");
    assertEquals(200, post("/chats/" + visitor.id + "/messages", "{\"text\":\"Hi, Sam here\"}").statusCode());
    assertEquals("Hi, Sam here", visitor.awaitMessage("ChatMessage").get("text").asText());

    HttpResponse<String> ended = post("/chats/" + visitor.id + "/end", "");
    assertEquals(200, ended.statusCode());
    assertEquals("ENDED", json(ended).get("status").asText());
    assertEquals("agent", sandbox.liveAgent().chat(visitor.id).orElseThrow().endedBy());
    visitor.awaitMessage("ChatEnded");
    assertEquals("ENDED", json(get("/chats/" + visitor.id)).get("status").asText());
  }

  @Test
  void acceptWithoutNameUsesTheDefaultAgent() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    assertEquals("Alex", json(post("/chats/" + visitor.id + "/accept", "")).get("agentName").asText());
  }

  @Test
  void unknownChatOrPlatformIs404ProblemAndUnsupportedActionsAre400() {
    assertProblem(send(HttpRequest.newBuilder(URI.create(deskApi + "/nowhere/chats/x")).GET().build()), 404,
        "chat-not-found");
    assertProblem(send(HttpRequest.newBuilder(URI.create(deskApi + "/dixa/chats/x/transfer"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"agentName\":\"Sam\"}")).build()), 400, "bad-request");
    assertProblem(post("/chats/no-such-session/accept", "{\"agentName\":\"Alex\"}"), 404, "chat-not-found");
    assertProblem(post("/chats/no-such-session/messages", "{\"text\":\"hi\"}"), 404, "chat-not-found");
    assertProblem(post("/chats/no-such-session/typing", "{\"typing\":true}"), 404, "chat-not-found");
    assertProblem(post("/chats/no-such-session/end", ""), 404, "chat-not-found");
    assertProblem(get("/chats/no-such-session"), 404, "chat-not-found");
  }

  @Test
  void wrongStateIs409Problem() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    assertProblem(post("/chats/" + visitor.id + "/messages", "{\"text\":\"hi\"}"), 409, "chat-state-conflict");
    assertProblem(post("/chats/" + visitor.id + "/typing", "{\"typing\":true}"), 409, "chat-state-conflict");
    assertProblem(post("/chats/" + visitor.id + "/end", ""), 409, "chat-state-conflict");

    assertEquals(200, post("/chats/" + visitor.id + "/accept", "{\"agentName\":\"Alex\"}").statusCode());
    assertProblem(post("/chats/" + visitor.id + "/accept", "{\"agentName\":\"Alex\"}"), 409, "chat-state-conflict");
    assertEquals(200, post("/chats/" + visitor.id + "/end", "").statusCode());
    assertProblem(post("/chats/" + visitor.id + "/messages", "{\"text\":\"hi\"}"), 409, "chat-state-conflict");
    assertProblem(post("/chats/" + visitor.id + "/end", ""), 409, "chat-state-conflict");
  }

  @Test
  void badBodiesAre400Problems() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    assertProblem(post("/chats/" + visitor.id + "/accept", "{nope"), 400, "bad-request");
    assertProblem(post("/chats/" + visitor.id + "/accept", "{\"agentName\":7}"), 400, "bad-request");
    assertProblem(post("/chats/" + visitor.id + "/messages", "{}"), 400, "bad-request");
    assertProblem(post("/chats/" + visitor.id + "/typing", "{\"typing\":\"yes\"}"), 400, "bad-request");
    assertEquals("QUEUED", json(get("/chats/" + visitor.id)).get("status").asText());
  }

  @Test
  void availabilitySwitchesAgentsOnline() {
    HttpRequest off = HttpRequest.newBuilder(URI.create(agentApi + "/availability"))
        .PUT(HttpRequest.BodyPublishers.ofString("{\"agentsOnline\":false}")).build();
    try {
      assertFalse(json(send(off)).get("agentsOnline").asBoolean());
      assertFalse(sandbox.liveAgent().agentsOnline());
      assertFalse(json(send(HttpRequest.newBuilder(URI.create(agentApi + "/availability")).GET().build()))
          .get("agentsOnline").asBoolean());
    } finally {
      sandbox.liveAgent().setAgentsOnline(true);
    }
    assertProblem(send(HttpRequest.newBuilder(URI.create(agentApi + "/availability"))
        .PUT(HttpRequest.BodyPublishers.ofString("{}")).build()), 400, "bad-request");
  }

  private static List<String> names(JsonNode node) {
    List<String> names = new java.util.ArrayList<>();
    node.fieldNames().forEachRemaining(names::add);
    return names;
  }
}
