package io.baton.connector.salesforce;

import io.baton.connector.testkit.ConnectorFixture;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.ConnectorHost;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.EndChat;
import io.baton.events.EndedBy;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The connector is killed in the middle of live chats, some queued and some with messages flowing both ways, and
 * started again: once stopped abruptly in this JVM (no draining: running commands are cut short, in-flight polls
 * dropped), and once as its own JVM killed with SIGKILL, as a crash in production would. Every chat must go on with
 * nothing lost and nothing doubled on either side: the sandbox's transcript (what the agent saw), read raw, and the
 * agent events on conversation.inputs.v1 as the router takes them (each event id once: events acknowledged before the
 * kill whose link was not are written again, with the same ids); a repeat on Kafka must be the same event.
 */
@ExtendWith(KafkaBrokerExtension.class)
class KillAndRestartTest {
  private static final int CHATS = 6;
  private static final int ROUNDS = 8;
  private static final int KILL_AT_ROUND = 4;

  /** How the connector runs and dies. */
  enum Kill {
    IN_PROCESS_STOP {
      @Override
      Running start(ConnectorFixture fx, SalesforceConfig config, Path log) {
        ConnectorHost host = SalesforceSeeds.connector(fx, config);
        return host::stop;
      }
    },
    SIGKILL_OF_ITS_JVM {
      @Override
      Running start(ConnectorFixture fx, SalesforceConfig config, Path log) throws Exception {
        return SalesforceSeeds.connectorJvm(fx, config, "kill-test", Map.of(), log)::kill; // no commit, no close
      }
    };

    abstract Running start(ConnectorFixture fx, SalesforceConfig config, Path log) throws Exception;
  }

  /** A running connector; {@code kill} ends it the way its {@link Kill} says. */
  interface Running {
    void kill() throws Exception;
  }

  @TempDir
  Path logs;

  @ParameterizedTest
  @EnumSource(Kill.class)
  void everyChatGoesOnWithNothingLostOrDoubledAfterAKill(Kill kill, KafkaBroker broker) throws Exception {
    Path log = logs.resolve("connector.log");
    try (ConnectorFixture fx = SalesforceSeeds.fixture(broker)) {
      SalesforceConfig config = SalesforceSeeds.config(fx, SalesforceConfig.LIVE_AGENT_LIMITS);
      String run = UUID.randomUUID().toString().substring(0, 6);
      List<String> conversations = new ArrayList<>();
      Map<String, String> sessions = new HashMap<>();
      Running connector = kill.start(fx, config, log);
      try {
        for (int i = 0; i < CHATS; i++) {
          String conversation = "kill-" + run + "-" + i;
          conversations.add(conversation);
          SalesforceSeeds.start(fx, conversation, "K" + run + i);
        }
        for (int i = 0; i < CHATS; i++) {
          LiveAgentChat chat = SalesforceSeeds.chatOf(fx, "K" + run + i, ChatStatus.QUEUED);
          sessions.put(conversations.get(i), chat.sessionId());
          fx.agentEventsOf(conversations.get(i), 1);
        }
        // Half the chats get an agent now; the other half wait in the queue through the kill.
        for (int i = 0; i < CHATS / 2; i++) {
          fx.sandbox.liveAgent().accept(sessions.get(conversations.get(i)), "Alex");
        }
        Map<String, List<String>> visitorSaid = new HashMap<>();
        Map<String, List<String>> agentSaid = new HashMap<>();
        conversations.forEach(c -> {
          visitorSaid.put(c, new ArrayList<>());
          agentSaid.put(c, new ArrayList<>());
        });
        for (int round = 0; round < ROUNDS; round++) {
          if (round == KILL_AT_ROUND) {
            connector.kill(); // in the middle of the traffic below and above
            for (int i = 0; i < CHATS / 2; i++) { // the agents keep typing while the connector is down
              String c = conversations.get(i);
              String text = "agent while down " + i;
              fx.sandbox.liveAgent().agentSays(sessions.get(c), text);
              agentSaid.get(c).add(text);
            }
            connector = kill.start(fx, config, log);
          }
          for (int i = 0; i < CHATS; i++) {
            String c = conversations.get(i);
            String text = "visitor " + round + " in " + i;
            fx.say(c, "v-" + c + "-" + round, text);
            visitorSaid.get(c).add(text);
            if (i < CHATS / 2) {
              String reply = "agent " + round + " in " + i;
              fx.sandbox.liveAgent().agentSays(sessions.get(c), reply);
              agentSaid.get(c).add(reply);
            }
          }
        }
        // The queued chats are accepted after the restart, then everything ends.
        for (int i = CHATS / 2; i < CHATS; i++) {
          fx.sandbox.liveAgent().accept(sessions.get(conversations.get(i)), "Kim");
        }
        for (int i = CHATS / 2; i < CHATS; i++) { // the visitor hears of the agent before leaving
          String c = conversations.get(i);
          Eventually.until(ConnectorFixture.PATIENCE, "Kim joined " + c, () -> fx.agentEventsOf(c, 2).size() == 2);
        }
        for (String c : conversations) {
          Eventually.until(ConnectorFixture.PATIENCE, "every visitor message of " + c + " at the agent",
              () -> lines(fx, sessions.get(c), TranscriptLine.VISITOR).size() >= visitorSaid.get(c).size());
        }
        for (int i = 0; i < CHATS; i++) {
          String c = conversations.get(i);
          if (i < CHATS / 2) {
            fx.sandbox.liveAgent().endByAgent(sessions.get(c));
          } else {
            fx.send(c, fx.command(c, "end-" + c, new EndChat("visitor left")));
          }
        }
        for (int i = 0; i < CHATS; i++) {
          String c = conversations.get(i);
          Eventually.until(ConnectorFixture.PATIENCE, c + " ended", () -> fx.sandbox.liveAgent().chat(sessions.get(c))
              .orElseThrow().status() == ChatStatus.ENDED);
          if (i < CHATS / 2) {
            fx.agentEventsOf(c, 2 + agentSaid.get(c).size() + 1); // queued, joined, messages, ended
          } else {
            fx.agentEventsOf(c, 2);
          }
        }

        List<ConsumerRecord<String, AgentEvent>> events = fx.allAgentEvents();
        for (int i = 0; i < CHATS; i++) {
          String c = conversations.get(i);
          String sessionId = sessions.get(c);
          assertEquals(visitorSaid.get(c), lines(fx, sessionId, TranscriptLine.VISITOR), "the agent saw " + c);
          assertEquals(agentSaid.get(c), lines(fx, sessionId, TranscriptLine.AGENT), "the agent said in " + c);
          List<Object> bodies = fx.deliveredAgentEventsOf(c).stream().map(e -> (Object) e.getBody()).toList();
          Map<String, Object> byId = new HashMap<>();
          events.stream().filter(r -> r.key().equals("acme/" + c)).forEach(r -> assertEquals(
              byId.computeIfAbsent(r.value().getEventId(), id -> r.value().getBody()), r.value().getBody(),
              "a repeated event id in " + c + " is the same event"));
          assertEquals(agentSaid.get(c), bodies.stream().filter(b -> b instanceof AgentMessage)
              .map(b -> ((AgentMessage) b).getText()).toList(), "agent messages on Kafka for " + c);
          assertEquals(1, bodies.stream().filter(b -> b instanceof AgentJoined).count(), "one join in " + c);
          long ends = bodies.stream().filter(b -> b instanceof ChatEnded).count();
          assertEquals(i < CHATS / 2 ? 1 : 0, ends, "ends on Kafka for " + c);
          if (i < CHATS / 2) {
            assertEquals(new ChatEnded(EndedBy.agent, "agent"), bodies.get(bodies.size() - 1));
          }
        }
      } catch (AssertionError | RuntimeException e) {
        if (Files.exists(log)) {
          System.err.println("connector log:\n" + Files.readString(log));
        }
        throw e;
      } finally {
        connector.kill();
      }
    }
  }

  private static List<String> lines(ConnectorFixture fx, String sessionId, String from) {
    return fx.sandbox.liveAgent().chat(sessionId).orElseThrow().transcript().stream()
        .filter(l -> l.from().equals(from)).map(TranscriptLine::text).toList();
  }
}
