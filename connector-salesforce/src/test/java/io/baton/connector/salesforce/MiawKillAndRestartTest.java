package io.baton.connector.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentEvent;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.EndedBy;
import io.baton.events.Platform;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The MIAW connector, in a JVM of its own, is killed with SIGKILL in the middle of live conversations, some queued
 * and some with messages flowing both ways, while the agents go on talking, and started again: every conversation
 * goes on with nothing lost and nothing doubled on either side: the agent's transcript at MIAW, read raw, and the
 * agent events as the router takes them (each event id once; a repeat on Kafka must be the same event).
 */
@ExtendWith(KafkaBrokerExtension.class)
class MiawKillAndRestartTest {
  private static final int CHATS = 4;
  private static final int ROUNDS = 6;
  private static final int KILL_AT_ROUND = 3;

  @TempDir
  Path logs;

  static ChildJvm connector(ConnectorFixture fx, Path log) throws Exception {
    Map<String, String> env = new HashMap<>();
    env.put("BATON_KAFKA_BOOTSTRAP", fx.kafka.bootstrapServers());
    env.put("BATON_KAFKA_SESSION_TIMEOUT_MS", "3000"); // a killed instance's partitions move on soon
    env.put("BATON_KAFKA_HEARTBEAT_INTERVAL_MS", "1000");
    env.put("BATON_SALESFORCE_LIVEAGENT_URL", fx.sandbox.liveAgentRestUrl());
    env.put("BATON_SALESFORCE_MIAW_URL", fx.sandbox.miawUrl());
    env.put("BATON_CONNECTOR_INSTANCE_ID", "miaw-kill-test");
    return ChildJvm.start(SalesforceConnector.class, env, log);
  }

  @Test
  void everyConversationGoesOnWithNothingLostOrDoubledAfterASigkill(KafkaBroker broker) throws Exception {
    Path log = logs.resolve("connector.log");
    try (ConnectorFixture fx = new ConnectorFixture(broker, Platform.salesforce_miaw)) {
      MiawSimulator miaw = fx.sandbox.miaw();
      List<String> conversations = new ArrayList<>();
      Map<String, String> ids = new HashMap<>();
      ChildJvm jvm = connector(fx, log);
      try {
        for (int i = 0; i < CHATS; i++) {
          String c = "mkill-" + fx.run + "-" + i;
          conversations.add(c);
          fx.start(c, MiawResilienceTest.startChat(c, "K" + fx.run + i));
        }
        for (int i = 0; i < CHATS; i++) {
          String visitor = "K" + fx.run + i;
          String c = conversations.get(i);
          Eventually.until(ConnectorFixture.PATIENCE, visitor + "'s conversation", () -> miaw.conversations()
              .stream().filter(m -> visitor.equals(m.routingAttributes().get("visitorName"))).findFirst()
              .map(m -> ids.put(c, m.id())).isPresent());
          fx.agentEventsOf(c, 1);
        }
        for (int i = 0; i < CHATS / 2; i++) { // half get an agent now, the others wait through the kill
          miaw.accept(ids.get(conversations.get(i)), "Alex");
          fx.agentEventsOf(conversations.get(i), 2);
        }
        Map<String, List<String>> visitorSaid = new HashMap<>();
        Map<String, List<String>> agentSaid = new HashMap<>();
        conversations.forEach(c -> {
          visitorSaid.put(c, new ArrayList<>());
          agentSaid.put(c, new ArrayList<>());
        });
        for (int round = 0; round < ROUNDS; round++) {
          if (round == KILL_AT_ROUND) {
            jvm.kill(); // in the middle of the traffic
            for (int i = 0; i < CHATS / 2; i++) { // the agents keep typing while the connector is down
              String c = conversations.get(i);
              miaw.agentSays(ids.get(c), "agent while down " + i);
              agentSaid.get(c).add("agent while down " + i);
            }
            jvm = connector(fx, log);
          }
          for (int i = 0; i < CHATS; i++) {
            String c = conversations.get(i);
            fx.say(c, "v-" + c + "-" + round, "visitor " + round + " in " + i);
            visitorSaid.get(c).add("visitor " + round + " in " + i);
            if (i < CHATS / 2) {
              miaw.agentSays(ids.get(c), "agent " + round + " in " + i);
              agentSaid.get(c).add("agent " + round + " in " + i);
            }
          }
        }
        for (int i = CHATS / 2; i < CHATS; i++) { // the queued ones get an agent after the restart
          String c = conversations.get(i);
          Eventually.until(ConnectorFixture.PATIENCE, "the visitor's messages of " + c + " at MIAW",
              () -> lines(miaw, ids.get(c), "visitor").size() >= visitorSaid.get(c).size());
          miaw.accept(ids.get(c), "Kim");
          fx.agentEventsOf(c, 2);
        }
        for (int i = 0; i < CHATS; i++) {
          String c = conversations.get(i);
          Eventually.until(ConnectorFixture.PATIENCE, "every visitor message of " + c + " at the agent",
              () -> lines(miaw, ids.get(c), "visitor").size() >= visitorSaid.get(c).size());
          if (i < CHATS / 2) {
            miaw.endByAgent(ids.get(c));
            // the end itself, not a count of events: after the kill some events are on Kafka twice (same ids)
            Eventually.until(ConnectorFixture.PATIENCE, c + " ended on Kafka", () -> fx.deliveredAgentEventsOf(c)
                .stream().anyMatch(e -> e.getBody() instanceof ChatEnded));
          } else {
            fx.end(c, "end-" + c, "visitor left");
            Eventually.until(ConnectorFixture.PATIENCE, c + " closed",
                () -> miaw.conversation(ids.get(c)).orElseThrow().status() == MiawSimulator.Status.CLOSED);
          }
        }

        List<ConsumerRecord<String, AgentEvent>> events = fx.allAgentEvents();
        for (int i = 0; i < CHATS; i++) {
          String c = conversations.get(i);
          assertEquals(visitorSaid.get(c), lines(miaw, ids.get(c), "visitor"), "the agent saw " + c);
          List<Object> bodies = fx.deliveredAgentEventsOf(c).stream().map(e -> (Object) e.getBody()).toList();
          Map<String, Object> byId = new HashMap<>();
          events.stream().filter(r -> r.key().equals(ConnectorFixture.key(c))).forEach(r -> assertEquals(
              byId.computeIfAbsent(r.value().getEventId(), id -> r.value().getBody()), r.value().getBody(),
              "a repeated event id in " + c + " is the same event"));
          assertEquals(agentSaid.get(c), bodies.stream().filter(b -> b instanceof AgentMessage)
              .map(b -> ((AgentMessage) b).getText()).toList(), "agent messages on Kafka for " + c);
          assertEquals(1, bodies.stream().filter(b -> b instanceof AgentJoined).count(), "one join in " + c);
          List<Object> ends = bodies.stream().filter(b -> b instanceof ChatEnded).toList();
          assertEquals(i < CHATS / 2 ? List.of(new ChatEnded(EndedBy.agent, "closed")) : List.of(), ends,
              "ends on Kafka for " + c);
        }
      } catch (AssertionError | RuntimeException e) {
        if (Files.exists(log)) {
          System.err.println("connector log:\n" + Files.readString(log));
        }
        throw e;
      } finally {
        jvm.kill();
      }
    }
  }

  private static List<String> lines(MiawSimulator miaw, String id, String from) {
    return miaw.conversation(id).orElseThrow().transcript().stream().filter(l -> l.from().equals(from))
        .map(MiawSimulator.Line::text).toList();
  }
}
