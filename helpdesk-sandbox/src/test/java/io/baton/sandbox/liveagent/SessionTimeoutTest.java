package io.baton.sandbox.liveagent;

import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static io.baton.sandbox.liveagent.TestVisitor.await;
import static io.baton.sandbox.liveagent.TestVisitor.uniqueButton;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** A visitor that stops polling loses the session; one that keeps polling does not. */
class SessionTimeoutTest {
  static final Duration TIMEOUT = Duration.ofMillis(1500);
  static HelpdeskSandbox sandbox;
  static LiveAgentSimulator liveAgent;

  @BeforeAll
  static void start() {
    sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0)
        .withLongPollHold(Duration.ofMillis(200)).withSessionTimeout(TIMEOUT));
    liveAgent = sandbox.liveAgent();
  }

  @AfterAll
  static void stop() {
    sandbox.close();
  }

  @Test
  void sessionThatStopsPollingTimesOutAndItsKeyIs403() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    await("chat ended by timeout", Duration.ofSeconds(5),
        () -> liveAgent.chat(visitor.id).orElseThrow().status() == ChatStatus.ENDED);

    assertEquals("timeout", liveAgent.chat(visitor.id).orElseThrow().endedBy());
    assertEquals(403, visitor.poll().statusCode());
    assertEquals(403, visitor.post("ChatMessage", "{\"text\":\"still there?\"}").statusCode());
  }

  @Test
  void sessionThatKeepsPollingStaysOpen() {
    TestVisitor visitor = TestVisitor.open(sandbox.liveAgentRestUrl());
    visitor.initAndAwaitRequestSuccess(uniqueButton(), false);

    long until = System.nanoTime() + TIMEOUT.multipliedBy(3).dividedBy(2).toNanos();
    while (System.nanoTime() < until) {
      assertEquals(204, visitor.poll().statusCode());
    }

    assertEquals(ChatStatus.QUEUED, liveAgent.chat(visitor.id).orElseThrow().status());
  }
}
