package io.baton.connector.salesforce;

import io.baton.connector.testkit.ConnectorFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.SendVisitorMessage;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A thousand live chats on one connector instance: every chat gets its messages, and no thread per long poll. */
@ExtendWith(KafkaBrokerExtension.class)
class ThousandChatsTest {
  private static final int CHATS = 1000;
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @Test
  void aThousandChatsAtOnceOnAFewThreads(KafkaBroker broker) throws Exception {
    // A realistic hold: quiet chats cost one poll per hold, not a busy loop.
    try (ConnectorFixture fx = SalesforceSeeds.fixture(broker, Duration.ofSeconds(5))) {
      String run = UUID.randomUUID().toString().substring(0, 6);
      String prefix = "T" + run + "-";
      int threadsBefore = connectorSideThreads();
      ConnectorHost connector =
          SalesforceSeeds.connector(fx,
              SalesforceSeeds.config(fx, new PlatformCalls.Limits(RetryPolicy.defaults(), 100_000, 10_000)));
      try {
        for (int i = 0; i < CHATS; i++) {
          String c = "load-" + run + "-" + i;
          fx.sendAsync(c, fx.command(c, "start-" + c, SalesforceSeeds.startChat(prefix + i, "573" + prefix + i)));
        }
        fx.flush();
        Eventually.until(PATIENCE, "every chat queued at Live Agent", () -> fx.sandbox.liveAgent().chats().stream()
            .filter(ch -> ch.visitorName().startsWith(prefix) && ch.status() == ChatStatus.QUEUED).count() == CHATS);
        Map<String, String> sessionOf = new HashMap<>();
        for (LiveAgentChat chat : fx.sandbox.liveAgent().chats()) {
          if (chat.visitorName().startsWith(prefix)) {
            sessionOf.put("load-" + run + "-" + chat.visitorName().substring(prefix.length()), chat.sessionId());
          }
        }
        sessionOf.forEach((c, session) -> {
          fx.sandbox.liveAgent().accept(session, "Alex");
          fx.sandbox.liveAgent().agentSays(session, "hello " + c);
        });
        sessionOf.forEach((c, session) -> fx.sendAsync(c,
            fx.command(c, "say-" + c, new SendVisitorMessage(new VisitorMessage("hi from " + c, List.of())))));
        fx.flush();

        Eventually.until(PATIENCE, "every visitor message at its agent", () -> sessionOf.entrySet().stream()
            .allMatch(e -> SalesforceSeeds.transcript(fx, e.getValue()).contains("visitor:hi from " + e.getKey())));
        int threadsWhilePolling = connectorSideThreads();
        var inputs = Topics.CONVERSATION_INPUTS;
        var events = ConnectorFixture.agentEvents(fx.kafka.readUntil(inputs.name(), inputs.keySerde().deserializer(),
            inputs.valueSerde().deserializer(), read -> ConnectorFixture.agentEvents(read).stream()
                .filter(r -> r.key().startsWith("acme/load-" + run + "-")).count() >= 3L * CHATS,
            PATIENCE));
        Map<String, List<Object>> byChat = new HashMap<>();
        events.stream().filter(r -> r.key().startsWith("acme/load-" + run + "-")).forEach(r -> byChat
            .computeIfAbsent(r.key().substring("acme/".length()), k -> new java.util.ArrayList<>())
            .add(r.value().getBody()));
        assertEquals(CHATS, byChat.size());
        byChat.forEach((c, bodies) -> {
          assertEquals(3, bodies.size(), c);
          assertEquals(new ChatQueued(1, 30), bodies.get(0), c);
          assertEquals("Alex", ((AgentJoined) bodies.get(1)).getAgentName(), c);
          assertEquals(new AgentMessage("hello " + c, "Alex", List.of()), bodies.get(2), c);
        });
        assertTrue(threadsWhilePolling - threadsBefore < 40, "a thousand long polls took "
            + (threadsWhilePolling - threadsBefore) + " more threads");
      } finally {
        connector.stop();
      }
    }
  }

  /** Live threads, minus the sandbox's HTTP server pool: the sandbox is the helpdesk, not the connector. */
  private static int connectorSideThreads() {
    return (int) Thread.getAllStackTraces().keySet().stream()
        .filter(t -> t.isAlive() && !t.getName().startsWith("JettyServerThreadPool")).count();
  }
}
