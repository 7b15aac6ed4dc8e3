package io.baton.connector.salesforce;

import io.baton.connector.testkit.ConnectorFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.salesforce.liveagent.LiveAgentAvailability;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.DeliveryFailed;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.events.SendVisitorMessage;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SetVisitorTyping;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Each Live Agent protocol step and fault, through the connector on a real broker against the sandbox. */
@ExtendWith(KafkaBrokerExtension.class)
class LiveAgentProtocolTest {
  /** Few, quick retries, so a spent retry budget shows within the test. */
  static final PlatformCalls.Limits QUICK = new PlatformCalls.Limits(
      new RetryPolicy(3, Duration.ofMillis(20), Duration.ofSeconds(2)), 1000, 1000);
  static ConnectorFixture fx;
  static ConnectorHost host;

  @BeforeAll
  static void start(KafkaBroker broker) {
    fx = SalesforceSeeds.fixture(broker);
    host = SalesforceSeeds.connector(fx, SalesforceSeeds.config(fx, QUICK));
  }

  @AfterAll
  static void stop() {
    host.stop();
    fx.close();
  }

  @AfterEach
  void clearFaults() {
    fx.sandbox.liveAgentFaults().clear();
  }

  private static String name() {
    return "V" + UUID.randomUUID().toString().substring(0, 8);
  }

  private LiveAgentChat established(String conversation, String visitor) {
    SalesforceSeeds.start(fx, conversation, visitor);
    LiveAgentChat chat = SalesforceSeeds.chatOf(fx, visitor, ChatStatus.QUEUED);
    fx.sandbox.liveAgent().accept(chat.sessionId(), "Alex");
    fx.agentEventsOf(conversation, 2);
    return chat;
  }

  /**
   * Typing while queued is sent (after ChatRequestSuccess, like a message) rather than dropped: whether an agent is
   * there changes under the connector's feet, and a command skipped on one run but sent on its replay would shift
   * the sequence numbers of every later request.
   */
  @Test
  void typingWhileQueuedReachesLiveAgentAndTheMessageAfterItArrivesOnce() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    SalesforceSeeds.start(fx, conversation, visitor);
    LiveAgentChat chat = SalesforceSeeds.chatOf(fx, visitor, ChatStatus.QUEUED);
    var liveAgent = fx.sandbox.liveAgent();

    fx.send(conversation, fx.command(conversation, "q-t1", new SetVisitorTyping(true)));
    Eventually.until(ConnectorFixture.PATIENCE, "Live Agent knows the queued visitor is typing",
        () -> liveAgent.chat(chat.sessionId()).orElseThrow().visitorTyping());
    fx.send(conversation, fx.command(conversation, "q-m1",
        new SendVisitorMessage(new VisitorMessage("still there?", List.of()))));
    Eventually.until(ConnectorFixture.PATIENCE, "the queued message in the transcript",
        () -> liveAgent.chat(chat.sessionId()).orElseThrow().transcript().stream()
            .anyMatch(l -> l.text().equals("still there?")));
    liveAgent.accept(chat.sessionId(), "Alex");
    fx.agentEventsOf(conversation, 2);

    assertEquals(List.of("still there?"), liveAgent.chat(chat.sessionId()).orElseThrow().transcript().stream()
        .filter(l -> TranscriptLine.VISITOR.equals(l.from())).map(TranscriptLine::text).toList());
  }

  @Test
  void typingBothWaysTransferAndAgentDisconnect() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    LiveAgentChat chat = established(conversation, visitor);
    var liveAgent = fx.sandbox.liveAgent();

    fx.send(conversation, fx.command(conversation, "t1", new SetVisitorTyping(true)));
    Eventually.until(ConnectorFixture.PATIENCE, "the agent sees the visitor typing",
        () -> liveAgent.chat(chat.sessionId()).orElseThrow().visitorTyping());
    fx.send(conversation, fx.command(conversation, "t2", new SetVisitorTyping(false)));
    Eventually.until(ConnectorFixture.PATIENCE, "the visitor stopped typing",
        () -> !liveAgent.chat(chat.sessionId()).orElseThrow().visitorTyping());

    liveAgent.agentTyping(chat.sessionId(), true);
    fx.agentEventsOf(conversation, 3);
    liveAgent.transfer(chat.sessionId(), "Sam");
    fx.agentEventsOf(conversation, 4);
    liveAgent.agentDisconnect(chat.sessionId());
    fx.agentEventsOf(conversation, 5);
    fx.agentEventsOf(conversation, 6); // back in the queue: a QueueUpdate
    liveAgent.accept(chat.sessionId(), "Kim");

    List<Object> events = fx.agentEventsOf(conversation, 7);
    String alex = ((AgentJoined) events.get(1)).getAgentId();
    String sam = ((ChatTransferred) events.get(3)).getAgentId();
    String kim = ((AgentJoined) events.get(6)).getAgentId();
    assertEquals(List.of(new ChatQueued(1, 30), new AgentJoined("Alex", alex), new AgentTyping(true),
        new ChatTransferred("Sam", sam), new AgentLeft("Sam"), new ChatQueued(1, 30), new AgentJoined("Kim", kim)),
        events);
    assertTrue(sam.startsWith("005") && !sam.equals(alex));
  }

  @Test
  void withoutQueueUpdatesAnAgentDisconnectStillTellsTheVisitorTheyWaitAgain() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    StartChat start = SalesforceSeeds.startChat(visitor, "573" + visitor);
    ((SalesforceLiveAgentHandover) start.getHandover().getPayload()).setReceiveQueueUpdates(false);
    fx.start(conversation, start);
    LiveAgentChat chat = SalesforceSeeds.chatOf(fx, visitor, ChatStatus.QUEUED);
    fx.agentEventsOf(conversation, 1);
    fx.sandbox.liveAgent().accept(chat.sessionId(), "Alex");
    fx.agentEventsOf(conversation, 2);
    fx.sandbox.liveAgent().agentDisconnect(chat.sessionId());
    List<Object> events = fx.agentEventsOf(conversation, 4);
    assertEquals(List.of(new AgentLeft("Alex"), new ChatQueued(null, null)), events.subList(2, 4));
    assertEquals(4, events.size());
  }

  @Test
  void anAffinityChangeReconnectsAndResendsWithoutLosingOrDoublingAnything() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    LiveAgentChat chat = established(conversation, visitor);
    fx.say(conversation, "m1", "before");
    Eventually.until(ConnectorFixture.PATIENCE, "the first message",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 1);

    fx.sandbox.liveAgent().changeAffinity(chat.sessionId()); // the held poll gets 503 now
    fx.sandbox.liveAgent().agentSays(chat.sessionId(), "during");
    fx.say(conversation, "m2", "after");
    Eventually.until(ConnectorFixture.PATIENCE, "the message sent after the move",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 3);
    fx.sandbox.liveAgent().agentSays(chat.sessionId(), "welcome back");

    List<Object> events = fx.agentEventsOf(conversation, 4);
    assertEquals(
        List.of(new AgentMessage("during", "Alex", List.of()), new AgentMessage("welcome back", "Alex", List.of())),
        events.subList(2, 4));
    fx.say(conversation, "m3", "still here");
    Eventually.until(ConnectorFixture.PATIENCE, "a later message",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 5);
    assertEquals(List.of("visitor:before", "agent:during", "visitor:after", "agent:welcome back", "visitor:still here"),
        SalesforceSeeds.transcript(fx, chat.sessionId()));
    assertEquals(4, fx.agentEventsOf(conversation, 4).size(), "ChasitorSessionData repeats nothing");
  }

  @Test
  void throttlingAndServerErrorsAreRetriedHonouringRetryAfter() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    LiveAgentChat chat = established(conversation, visitor);
    fx.sandbox.liveAgentFaults().failNext("Chasitor/ChatMessage", 429, Duration.ofSeconds(1), 1);
    long start = System.nanoTime();
    fx.say(conversation, "m1", "throttled once");
    Eventually.until(ConnectorFixture.PATIENCE, "the message after the throttle",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 1);
    assertTrue(Duration.ofNanos(System.nanoTime() - start).toMillis() >= 1000, "waited for Retry-After");

    fx.sandbox.liveAgentFaults().failNext("System/Messages", 500, null, 2);
    fx.sandbox.liveAgentFaults().failNext("Chasitor/ChatMessage", 502, null, 2);
    fx.say(conversation, "m2", "through two errors");
    Eventually.until(ConnectorFixture.PATIENCE, "the message through errors",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 2);
    fx.sandbox.liveAgent().agentSays(chat.sessionId(), "got it");
    assertEquals(List.of(new AgentMessage("got it", "Alex", List.of())),
        fx.agentEventsOf(conversation, 3).subList(2, 3),
        "the agent's message came through two failed polls");
    assertEquals(List.of("visitor:throttled once", "visitor:through two errors", "agent:got it"),
        SalesforceSeeds.transcript(fx, chat.sessionId()));
  }

  @Test
  void afterTheRetryBudgetTheCommandIsDeadLetteredAndTheChatGoesOn() {
    String conversation = "c-" + UUID.randomUUID();
    String visitor = name();
    LiveAgentChat chat = established(conversation, visitor);
    fx.sandbox.liveAgentFaults().failNext("Chasitor/ChatMessage", 500, null, 3);
    fx.say(conversation, "lost-cause", "never arrives");
    fx.say(conversation, "m2", "arrives");
    Eventually.until(ConnectorFixture.PATIENCE, "the next message",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 1);
    assertEquals(List.of("visitor:arrives"), SalesforceSeeds.transcript(fx, chat.sessionId()));
    assertEquals(new DeliveryFailed("lost-cause", "Live Agent Chasitor/ChatMessage answered 500"),
        fx.agentEventsOf(conversation, 3).get(2));
    String dlq = Topics.deadLetters(Topics.connectorCommands(Platform.salesforce).name()).name();
    assertTrue(fx.kafka.readUntil(dlq, new StringDeserializer(), new ByteArrayDeserializer(),
        read -> read.stream().anyMatch(r -> r.key().equals("acme/" + conversation)), ConnectorFixture.PATIENCE).stream()
        .anyMatch(r -> r.key().equals("acme/" + conversation)));
  }

  @Test
  void anExpiredSessionEndsTheChat() {
    String conversation = "c-" + UUID.randomUUID();
    LiveAgentChat chat = established(conversation, name());
    fx.sandbox.liveAgent().expireSession(chat.sessionId());
    assertEquals(new ChatEnded(EndedBy.timeout, "the Live Agent session expired"),
        fx.agentEventsOf(conversation, 3).get(2));
  }

  @Test
  void aSecondPollOnTheSessionIs409AndEndsTheChat() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    LiveAgentChat chat = established(conversation, name());
    // Someone else polls the session (the key is in the link): Live Agent answers both polls 409 and ends the chat.
    var link = fx.kafka.readAll(Topics.connectorLinks(Platform.salesforce).name(),
        Topics.connectorLinks(Platform.salesforce).keySerde().deserializer(),
        Topics.connectorLinks(Platform.salesforce).valueSerde().deserializer()).stream()
        .filter(r -> r.key().equals("acme/" + conversation)).reduce((a, b) -> b).orElseThrow().value().getState();
    java.net.http.HttpResponse<String> intruder = java.net.http.HttpClient.newHttpClient().send(
        java.net.http.HttpRequest.newBuilder(java.net.URI.create(fx.sandbox.liveAgentRestUrl() + "System/Messages?ack="
            + link.get("ack")))
            .header("X-LIVEAGENT-API-VERSION", "49").header("X-LIVEAGENT-AFFINITY", link.get("affinity"))
            .header("X-LIVEAGENT-SESSION-KEY", link.get("key")).GET().build(),
        java.net.http.HttpResponse.BodyHandlers.ofString());
    assertEquals(409, intruder.statusCode());
    assertEquals(new ChatEnded(EndedBy.timeout, "the Live Agent session was taken over (409)"),
        fx.agentEventsOf(conversation, 3).get(2));
    assertEquals(ChatStatus.ENDED, fx.sandbox.liveAgent().chat(chat.sessionId()).orElseThrow().status());
  }

  @Test
  void aSlowAnswerIsWaitedFor() {
    String conversation = "c-" + UUID.randomUUID();
    LiveAgentChat chat = established(conversation, name());
    fx.sandbox.liveAgentFaults().slowNext("Chasitor/ChatMessage", Duration.ofMillis(1500), 1);
    fx.say(conversation, "m1", "slowly");
    Eventually.until(ConnectorFixture.PATIENCE, "the slow message",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 1);
    assertEquals(List.of("visitor:slowly"), SalesforceSeeds.transcript(fx, chat.sessionId()));
  }

  @Test
  void availabilityTellsWhetherAnAgentIsOnline() throws Exception {
    try (PlatformCalls calls = new PlatformCalls(QUICK)) {
      LiveAgentAvailability availability = new LiveAgentAvailability(SalesforceSeeds.config(fx, QUICK), calls);
      assertEquals(List.of(new LiveAgentAvailability.Button("573A", true, 30)),
          availability.check("d.la1.salesforceliveagent.com", "00D", "572", List.of("573A")).get(10, TimeUnit.SECONDS));
      fx.sandbox.liveAgent().setAgentsOnline(false);
      try {
        assertEquals(List.of(new LiveAgentAvailability.Button("573A", false, null)),
            availability.check("d.la1.salesforceliveagent.com", "00D", "572", List.of("573A")).get(10,
                TimeUnit.SECONDS));
      } finally {
        fx.sandbox.liveAgent().setAgentsOnline(true);
      }
    }
  }
}
