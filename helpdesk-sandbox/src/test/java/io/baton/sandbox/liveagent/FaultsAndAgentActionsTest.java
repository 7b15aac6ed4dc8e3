package io.baton.sandbox.liveagent;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.baton.sandbox.liveagent.TestVisitor.json;
import static io.baton.sandbox.liveagent.TestVisitor.send;
import static io.baton.sandbox.liveagent.TestVisitor.types;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Faults on demand, the 503 affinity change with ReconnectSession, 403 expiry, transfer and agent disconnect. */
class FaultsAndAgentActionsTest {
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
  void noFaultsLeft() {
    sandbox.liveAgentFaults().clear();
  }

  private static TestVisitor established() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), true);
    liveAgent.accept(visitor.id, "Alex");
    visitor.awaitMessage("ChatEstablished");
    return visitor;
  }

  @Test
  void aThrottledCallAnswers429WithRetryAfterAndChangesNothing() {
    TestVisitor visitor = established();
    sandbox.liveAgentFaults().failNext("Chasitor/ChatMessage", 429, Duration.ofSeconds(2), 1);
    HttpResponse<String> throttled = visitor.postWithSequence("ChatMessage", "{\"text\":\"hi\"}", 5);
    assertEquals(429, throttled.statusCode());
    assertEquals("2", throttled.headers().firstValue("Retry-After").orElseThrow());
    assertEquals(List.of(), liveAgent.chat(visitor.id).orElseThrow().transcript());
    // The same request again, same sequence: it was never processed, so now it is.
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"hi\"}", 5).statusCode());
    assertEquals("hi", liveAgent.chat(visitor.id).orElseThrow().transcript().get(0).text());
  }

  @Test
  void serverErrorsHitOnlyTheMatchingPathAndOnlyNTimes() {
    TestVisitor visitor = established();
    sandbox.liveAgentFaults().failNext("System/Messages", 502, null, 2);
    assertEquals(200, visitor.post("ChasitorTyping", null).statusCode());
    assertEquals(502, visitor.pollWithAck(visitor.ack).statusCode());
    assertEquals(502, visitor.pollWithAck(visitor.ack).statusCode());
    assertEquals(List.of(), sandbox.liveAgentFaults().pending());
    liveAgent.agentSays(visitor.id, "still here");
    assertEquals("still here", visitor.awaitMessage("ChatMessage").get("text").asText());
  }

  @Test
  void aSlowAnswerComesAfterTheDelay() {
    TestVisitor visitor = TestVisitor.open(rest);
    sandbox.liveAgentFaults().slowNext("Chasitor/ChasitorInit", Duration.ofMillis(400), 1);
    long start = System.nanoTime();
    assertEquals(200, visitor.init(uniqueButton(), false).statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 400);
  }

  @Test
  void faultsCanBeInjectedOverHttp() {
    HttpResponse<String> created =
        send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/liveagent/faults"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"path\":\"System/SessionId\",\"status\":503,\"count\":1}"))
            .build());
    assertEquals(201, created.statusCode(), created.body());
    HttpResponse<String> refused = send(HttpRequest.newBuilder(URI.create(rest + "System/SessionId"))
        .header("X-LIVEAGENT-API-VERSION", "49").header("X-LIVEAGENT-AFFINITY", "null").GET().build());
    assertEquals(503, refused.statusCode());
    HttpResponse<String> bad = send(HttpRequest.newBuilder(URI.create(sandbox.baseUrl() + "/sandbox/liveagent/faults"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"status\":200}")).build());
    assertEquals(400, bad.statusCode());
    assertEquals("application/problem+json", bad.headers().firstValue("Content-Type").orElseThrow());
  }

  @Test
  void aLostAnswerIsCarriedOutButAnswered503() {
    TestVisitor visitor = established();
    sandbox.faults("liveagent").loseNext("Chasitor/ChatMessage", 1);
    assertEquals(503, visitor.postWithSequence("ChatMessage", "{\"text\":\"lost\"}", 7).statusCode());
    assertEquals("lost", liveAgent.chat(visitor.id).orElseThrow().transcript().get(0).text());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"lost\"}", 7).statusCode(),
        "the resent request is a duplicate, answered 200 and dropped");
    assertEquals(1, liveAgent.chat(visitor.id).orElseThrow().transcript().size());
  }

  @Test
  void aSlowLongPollIsAnsweredLate() {
    TestVisitor visitor = established();
    sandbox.liveAgentFaults().slowNext("System/Messages", Duration.ofMillis(400), 1);
    liveAgent.agentSays(visitor.id, "late");
    long start = System.nanoTime();
    HttpResponse<String> poll = visitor.pollWithAck(visitor.ack);
    assertEquals(200, poll.statusCode());
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 400);
  }

  @Test
  void anAffinityChangeIs503UntilReconnectSessionWhichResetsTheSequence() throws Exception {
    TestVisitor visitor = established();
    visitor.post("ChatMessage", "{\"text\":\"one\"}");
    CompletableFuture<HttpResponse<String>> held = visitor.pollAsync();
    TestVisitor.await("the poll is held", Duration.ofSeconds(5), () -> liveAgent.isPollHeld(visitor.id));
    liveAgent.changeAffinity(visitor.id);
    assertEquals(503, held.get(5, TimeUnit.SECONDS).statusCode(), "the held poll is cancelled");
    assertEquals(503, visitor.post("ChatMessage", "{\"text\":\"two\"}").statusCode());
    liveAgent.agentSays(visitor.id, "while you were away");

    HttpResponse<String> reconnect = send(visitor.chasitorRequest("System/ReconnectSession?ReconnectSession.offset="
        + visitor.ack).GET().build());
    assertEquals(200, reconnect.statusCode(), reconnect.body());
    JsonNode message = json(reconnect).get("messages").get(0);
    assertEquals("ReconnectSession", message.get("type").asText());
    assertTrue(message.get("message").get("resetSequence").asBoolean());
    String newAffinity = message.get("message").get("affinityToken").asText();
    assertTrue(!newAffinity.equals(visitor.affinity));
    String oldAffinity = visitor.affinity;
    visitor.affinity = newAffinity;

    HttpResponse<String> poll = visitor.poll();
    assertEquals(List.of("ChatMessage", "ChasitorSessionData"), types(poll), "nothing unacknowledged is lost");
    JsonNode sessionData = json(poll).get("messages").get(1).get("message");
    assertEquals(2, sessionData.get("chatMessages").size());
    assertEquals(200, visitor.postWithSequence("ChatMessage", "{\"text\":\"two\"}", 1).statusCode(),
        "the sequence starts again");
    visitor.affinity = oldAffinity;
    assertEquals(503, visitor.postWithSequence("ChatMessage", "{\"text\":\"stale\"}", 2).statusCode(),
        "the old token still reaches a server without the session");
    visitor.affinity = newAffinity;
    assertEquals(List.of("one", "while you were away", "two"),
        liveAgent.chat(visitor.id).orElseThrow().transcript().stream().map(TranscriptLine::text).toList());
  }

  @Test
  void anExpiredSessionIs403AndTheChatEndsByTimeout() throws Exception {
    TestVisitor visitor = established();
    CompletableFuture<HttpResponse<String>> held = visitor.pollAsync();
    TestVisitor.await("the poll is held", Duration.ofSeconds(5), () -> liveAgent.isPollHeld(visitor.id));
    liveAgent.expireSession(visitor.id);
    assertEquals(403, held.get(5, TimeUnit.SECONDS).statusCode());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"late\"}").statusCode());
    assertEquals(LiveAgentChat.ENDED_BY_TIMEOUT, liveAgent.chat(visitor.id).orElseThrow().endedBy());
  }

  @Test
  void aTransferNamesTheNewAgentAndADisconnectPutsTheChatBackInTheQueue() {
    TestVisitor visitor = established();
    liveAgent.transfer(visitor.id, "Sam");
    JsonNode transferred = visitor.awaitMessage("ChatTransferred");
    assertEquals("Sam", transferred.get("name").asText());
    assertTrue(transferred.get("userId").asText().startsWith("005"));
    assertEquals("Sam", liveAgent.chat(visitor.id).orElseThrow().agentName());

    liveAgent.agentDisconnect(visitor.id);
    visitor.awaitMessage("AgentDisconnect");
    assertEquals(ChatStatus.QUEUED, liveAgent.chat(visitor.id).orElseThrow().status());
    liveAgent.accept(visitor.id, "Kim");
    assertEquals("Kim", visitor.awaitMessage("ChatEstablished").get("name").asText());
  }

  @Test
  void transferAndLeaveOverTheDeskApiNeedAnEstablishedChat() {
    TestVisitor visitor = TestVisitor.open(rest);
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);
    String chat = sandbox.baseUrl() + "/sandbox/desk/liveagent/chats/" + visitor.id;
    HttpResponse<String> early = send(HttpRequest.newBuilder(URI.create(chat + "/transfer"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"agentName\":\"Sam\"}")).build());
    assertEquals(409, early.statusCode());
    liveAgent.accept(visitor.id, "Alex");
    HttpResponse<String> noName = send(HttpRequest.newBuilder(URI.create(chat + "/transfer"))
        .POST(HttpRequest.BodyPublishers.ofString("{}")).build());
    assertEquals(400, noName.statusCode());
    HttpResponse<String> ok = send(HttpRequest.newBuilder(URI.create(chat + "/transfer"))
        .POST(HttpRequest.BodyPublishers.ofString("{\"agentName\":\"Sam\"}")).build());
    assertEquals(200, ok.statusCode());
    assertEquals("Sam", json(ok).get("agentName").asText());
    HttpResponse<String> disconnected = send(HttpRequest.newBuilder(URI.create(chat + "/leave"))
        .POST(HttpRequest.BodyPublishers.noBody()).build());
    assertEquals("QUEUED", json(disconnected).get("status").asText());
  }
}
