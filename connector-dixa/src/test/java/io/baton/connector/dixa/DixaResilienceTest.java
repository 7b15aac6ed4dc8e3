package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.PlatformLink;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A 429 storm, and a connector killed between two handover steps, against the sandbox's Dixa on a real broker. */
@ExtendWith(KafkaBrokerExtension.class)
class DixaResilienceTest {

  @Test
  void aStormOf429sIsRiddenOutWithNothingLostOrDoubled(KafkaBroker broker) {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      // A connector that ignores Dixa's limit: everything it sends beyond 10/s, burst 4, is answered 429.
      PlatformCalls.Limits greedy = new PlatformCalls.Limits(
          new RetryPolicy(12, Duration.ofMillis(200), Duration.ofSeconds(2)), 1000, 1000);
      DixaConnector connector = DixaSeeds.connector(fx, DixaSeeds.config(fx, greedy));
      try {
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
          String c = "storm-" + fx.run + "-" + i;
          conversations.add(c);
          DixaSeeds.start(fx, c, "storm-" + i + "-" + fx.run + "@example.com");
          fx.say(c, "m-" + c, "hello from " + i, List.of());
        }
        for (String c : conversations) {
          DixaConversation conversation = DixaSeeds.queued(fx, c);
          Eventually.until(ConnectorFixture.PATIENCE, "the message of " + c, () -> fx.sandbox.dixa()
              .conversation(conversation.id()).orElseThrow().messages().size() == 3);
        }
        assertTrue(fx.sandbox.dixa().rateLimitedCount() > 0, "the storm happened");
        for (String c : conversations) {
          assertEquals(1, DixaSeeds.conversationsOf(fx, c).size(), "one conversation for " + c);
          DixaConversation conversation = DixaSeeds.conversationsOf(fx, c).get(0);
          assertEquals(List.of("some", "tag"), conversation.tags());
          assertEquals(1, conversation.messages().stream().filter(m -> m.text().startsWith("hello from")).count());
          assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
        }
        assertEquals(8,
            conversations.stream().map(c -> DixaSeeds.conversationsOf(fx, c).get(0).requesterId()).distinct().count());
      } finally {
        connector.stop();
      }
    }
  }

  @Test
  void aCrashBetweenCreatedAndQueuedEndsWithExactlyOneConversationInTheQueue(KafkaBroker broker) {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      DixaConfig config = DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS);
      DixaConnector connector = DixaSeeds.connector(fx, config);
      String c = "crash-" + fx.run;
      try {
        fx.sandbox.dixa().fail("transfer", 503, 1_000); // the transfer keeps failing: the connector keeps retrying
        DixaSeeds.start(fx, c, "crash-" + fx.run + "@example.com");
        Eventually.until(ConnectorFixture.PATIENCE, "the CREATED step recorded", () -> fx.linksOf(c).stream()
            .anyMatch(l -> "CREATED".equals(l.getState().get("step"))));
        assertEquals(1, DixaSeeds.conversationsOf(fx, c).size());
        assertEquals(null, DixaSeeds.conversationsOf(fx, c).get(0).queueId());
      } finally {
        connector.stop(); // mid-retry: the start's offset is not committed
      }
      fx.sandbox.dixa().clearFaults();
      connector = DixaSeeds.connector(fx, config);
      try {
        DixaConversation conversation = DixaSeeds.queued(fx, c);
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
        assertEquals(1, DixaSeeds.conversationsOf(fx, c).size(), "exactly one conversation");
        assertEquals(DixaSimulator.DEFAULT_QUEUE, DixaSeeds.conversationsOf(fx, c).get(0).queueId());
        PlatformLink last = fx.linksOf(c).get(fx.linksOf(c).size() - 1);
        assertEquals("DONE", last.getState().get("step"));
        assertEquals(Long.toString(conversation.id()), last.getState().get("csid"));

        // The resumed handover is live: the restarted connector relays the agent.
        fx.sandbox.dixa().assign(conversation.id(), "Kim");
        fx.sandbox.dixa().reply(conversation.id(), "back after the crash");
        assertEquals(new AgentMessage("back after the crash", "Kim", List.of()), fx.agentEventsOf(c, 3).get(2));
        assertEquals(3, fx.allAgentEventsOf(c).size());
      } finally {
        connector.stop();
      }
    }
  }

  @Test
  void lostAnswersAreRetriedWithoutASecondConversationOrMessage(KafkaBroker broker) {
    try (ConnectorFixture fx = DixaSeeds.fixture(broker)) {
      DixaConnector connector = DixaSeeds.connector(fx, DixaSeeds.config(fx, DixaConfig.DIXA_LIMITS));
      try {
        // Dixa imports the conversation and takes the message, but the answers never arrive: the connector retries.
        fx.sandbox.dixa().loseAnswers("import", 1);
        fx.sandbox.dixa().loseAnswers("message", 1);
        String c = "lost-" + fx.run;
        DixaSeeds.start(fx, c, "lost-" + fx.run + "@example.com");
        fx.say(c, "m-" + c, "only once", List.of());
        DixaConversation conversation = DixaSeeds.queued(fx, c);
        Eventually.until(ConnectorFixture.PATIENCE, "the message in Dixa", () -> fx.sandbox.dixa()
            .conversation(conversation.id()).orElseThrow().messages().size() == 3);
        assertEquals(1, DixaSeeds.conversationsOf(fx, c).size(), "the import retried is found, not repeated");
        assertEquals(List.of("I need a human", "Connecting you to an agent", "only once"),
            DixaSeeds.conversationsOf(fx, c).get(0)
                .messages().stream().map(DixaConversation.Message::text).toList());
        assertEquals(List.of(new ChatQueued(null, null)), fx.agentEventsOf(c, 1));
      } finally {
        connector.stop();
      }
    }
  }
}
