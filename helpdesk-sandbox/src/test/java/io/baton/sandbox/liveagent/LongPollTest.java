package io.baton.sandbox.liveagent;

import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.baton.sandbox.liveagent.TestVisitor.await;
import static io.baton.sandbox.liveagent.TestVisitor.types;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Behaviour while a poll is held open; a long hold makes the "held" window wide enough to hit reliably. */
class LongPollTest {
  static HelpdeskSandbox sandbox;
  static LiveAgentSimulator liveAgent;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(20)));
    liveAgent = sandbox.liveAgent();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void heldPollIsAnsweredAsSoonAsTheAgentActs() throws Exception {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    CompletableFuture<HttpResponse<String>> poll = visitor.pollAsync();
    await("poll held", Duration.ofSeconds(5), () -> liveAgent.isPollHeld(visitor.id));
    long start = System.nanoTime();
    liveAgent.accept(visitor.id, "Alex");

    HttpResponse<String> response = poll.get(5, TimeUnit.SECONDS);
    assertEquals(200, response.statusCode());
    assertEquals(List.of("ChatEstablished"), types(response));
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() < 5_000, "not held to the end of the hold");
  }

  @Test
  void aWatcherHearsOfEachChatRequestOnceAndCanAcceptItAtOnce() throws Exception {
    HelpdeskSandbox own = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
    try {
      List<LiveAgentChat> heard = new java.util.concurrent.CopyOnWriteArrayList<>();
      own.liveAgent().onChatRequested(chat -> {
        heard.add(chat);
        own.liveAgent().accept(chat.sessionId(), "Alex"); // the lock is free: no deadlock
      });
      TestVisitor visitor = TestVisitor.open(own.liveAgentRestUrl());
      visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

      await("the agent joined", Duration.ofSeconds(5),
          () -> own.liveAgent().chat(visitor.id).orElseThrow().status() == ChatStatus.ESTABLISHED);
      assertEquals(1, heard.size());
      assertEquals(visitor.id, heard.get(0).sessionId());
      assertEquals(ChatStatus.QUEUED, heard.get(0).status(), "the snapshot is of the request, before the accept");
    } finally {
      own.close();
    }
  }

  @Test
  void secondConcurrentPollIs409AndTerminatesTheChat() throws Exception {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    CompletableFuture<HttpResponse<String>> first = visitor.pollAsync();
    await("poll held", Duration.ofSeconds(5), () -> liveAgent.isPollHeld(visitor.id));
    HttpResponse<String> second = visitor.poll();

    assertEquals(409, second.statusCode());
    assertEquals(409, first.get(5, TimeUnit.SECONDS).statusCode(), "the held poll is answered too: chat terminated");
    LiveAgentChat chat = liveAgent.chat(visitor.id).orElseThrow();
    assertEquals(ChatStatus.ENDED, chat.status());
    assertEquals("visitor", chat.endedBy());
    assertEquals(403, visitor.poll().statusCode());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"hi\"}").statusCode());
  }

  @Test
  void closingTheSandboxAnswersHeldPolls() throws Exception {
    HelpdeskSandbox own =
        HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0).withLongPollHold(Duration.ofSeconds(20)));
    TestVisitor visitor = TestVisitor.open(own.liveAgentRestUrl());
    CompletableFuture<HttpResponse<String>> poll = visitor.pollAsync();
    await("poll held", Duration.ofSeconds(5), () -> own.liveAgent().isPollHeld(visitor.id));

    own.close();

    assertEquals(204, poll.get(5, TimeUnit.SECONDS).statusCode());
  }
}
