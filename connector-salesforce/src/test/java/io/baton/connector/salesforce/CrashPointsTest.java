package io.baton.connector.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.connector.ConnectorHost;
import io.baton.connector.CrashPoints;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentEvent;
import io.baton.events.AgentMessage;
import io.baton.events.ConnectorCommand;
import io.baton.events.SendVisitorMessage;
import io.baton.events.VisitorMessage;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.TranscriptLine;
import io.baton.testkit.ChildJvm;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The connector (Live Agent, long polling) runs as its own JVM and halts at a named point of its delivery path
 * ({@link CrashPoints}, armed through the test-only {@code BATON_TEST_CRASH_AT}); an instance started after it must
 * go on with nothing lost or doubled. Checked per point: the visitor's messages at the agent (the simulator's
 * transcript, read raw) exactly once and in order, and the agent's messages exactly once and in order in what the
 * router takes (the agent events on conversation.inputs.v1, each event id once), a repeat on Kafka being the very
 * same event. One chat per point; the agent and the visitor both talk while the connector is down.
 */
@ExtendWith(KafkaBrokerExtension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CrashPointsTest {
  /** Where the connector dies, and what makes it get there. */
  enum Point {
    /** A poll answer's agent events are acknowledged, the link with the new ack is not written. */
    EVENTS_ACKED_LINK_NOT_WRITTEN(CrashPoints.EVENTS_ACKED, "crash-a"),
    /** The link with the new ack is written, the next poll not sent. */
    LINK_WRITTEN_NEXT_POLL_NOT_SENT(CrashPoints.LINK_WRITTEN, "crash-b"),
    /** Live Agent took the visitor's message; nothing recorded its command as done (the window left open). */
    PLATFORM_CALL_DONE_NOTHING_RECORDED(CrashPoints.PLATFORM_CALL_DONE, "crash-c1"),
    /** The link records the command's sequence; its offset is not committed. */
    COMMAND_RECORDED_OFFSET_NOT_COMMITTED(CrashPoints.COMMAND_DONE, "crash-c2"),
    /** A command of a router transaction that is then aborted is carried out; the router regenerates it. */
    ABORTED_ROUTER_TRANSACTION(CrashPoints.PLATFORM_CALL_DONE, "crash-d");

    final String point;
    final String match;

    Point(String point, String match) {
      this.point = point;
      this.match = match;
    }

    boolean agentTriggered() {
      return point.equals(CrashPoints.EVENTS_ACKED) || point.equals(CrashPoints.LINK_WRITTEN);
    }
  }

  private ConnectorFixture fx;
  private SalesforceConfig config;
  /** The {@code group.instance.id} of every connector life of the class. */
  private String member;

  @TempDir
  Path logs;

  @BeforeAll
  void fixture(KafkaBroker broker) {
    fx = SalesforceSeeds.fixture(broker);
    config = SalesforceSeeds.config(fx, SalesforceConfig.LIVE_AGENT_LIMITS);
    member = "crash-points-" + fx.run;
  }

  @AfterAll
  void close() {
    fx.close();
  }

  @ParameterizedTest
  @EnumSource(Point.class)
  void aConnectorHaltedHereLosesAndDoublesNothing(Point at) throws Exception {
    Path log = logs.resolve(at + ".log");
    String c = "cp" + at.ordinal() + "-" + fx.run;
    String visitor = "P" + at.ordinal() + fx.run;
    List<String> visitorSaid = new ArrayList<>();
    List<String> agentSaid = new ArrayList<>();
    // Every life is the same static group member, as a restarted pod is: the next one takes the partitions back at
    // once instead of waiting out the halted one's session.
    ChildJvm child = SalesforceSeeds.connectorJvm(fx, config, "crash-test",
        Map.of(CrashPoints.ENV, at.point + ":" + at.match, "BATON_INSTANCE_ID", member), log);
    ConnectorHost next = null;
    try {
      SalesforceSeeds.start(fx, c, visitor);
      String session = SalesforceSeeds.chatOf(fx, visitor, ChatStatus.QUEUED).sessionId();
      fx.agentEventsOf(c, 1);
      fx.sandbox.liveAgent().accept(session, "Alex");
      fx.agentEventsOf(c, 2);
      say(c, "v1-" + c, "v1", visitorSaid);
      Eventually.until(ConnectorFixture.PATIENCE, "v1 at the agent", () -> visitorLines(session).contains("v1"));

      if (at.agentTriggered()) {
        agentSays(session, at.match, agentSaid);
      } else if (at != Point.ABORTED_ROUTER_TRANSACTION) {
        say(c, at.match + "-" + c, "v-crash", visitorSaid);
      }
      KafkaProducer<String, ConnectorCommand> router = null;
      List<ConnectorCommand> regenerated = new ArrayList<>();
      if (at == Point.ABORTED_ROUTER_TRANSACTION) {
        router = transactionalRouter(c);
        router.beginTransaction();
        for (String[] m : List.of(new String[] {at.match + "-" + c, "v-crash"}, new String[] {"d2-" + c, "v-d2"})) {
          ConnectorCommand command = fx.sequenced(c, fx.command(c, m[0],
              new SendVisitorMessage(new VisitorMessage(m[1], List.of()))));
          regenerated.add(command);
          router.send(new ProducerRecord<>(Topics.connectorCommands(fx.platform).name(), ConnectorFixture.key(c),
              command));
          visitorSaid.add(m[1]);
        }
        router.flush(); // read uncommitted: carried out while the transaction is open
      }
      assertEquals(137, child.awaitExit(ConnectorFixture.PATIENCE), "halted by the crash point at " + at.point);
      if (router != null) {
        router.abortTransaction(); // the router died too; its successor writes the same commands again
        router.beginTransaction();
        for (ConnectorCommand command : regenerated) {
          router.send(new ProducerRecord<>(Topics.connectorCommands(fx.platform).name(), ConnectorFixture.key(c),
              command));
        }
        router.commitTransaction();
        router.close();
      }

      agentSays(session, "while down", agentSaid);
      say(c, "down-" + c, "v-down", visitorSaid);
      next = SalesforceConnector.liveAgent(config, fx.settings.withInstanceId(member));
      next.start();
      agentSays(session, "after", agentSaid);
      say(c, "after-" + c, "v-after", visitorSaid);

      Eventually.until(ConnectorFixture.PATIENCE, "every visitor message at the agent",
          () -> visitorLines(session).size() >= visitorSaid.size());
      Eventually.until(ConnectorFixture.PATIENCE, "every agent message on Kafka",
          () -> agentMessages(fx.deliveredAgentEventsOf(c)).size() >= agentSaid.size());
      Thread.sleep(500); // anything doubled shows up by now
      assertEquals(visitorSaid, visitorLines(session), "the visitor's messages at the agent, raw");
      assertEquals(agentSaid, agentMessages(fx.deliveredAgentEventsOf(c)), "the agent's messages the router takes");
      Map<String, AgentEvent> byId = new HashMap<>();
      List<AgentEvent> raw = fx.allAgentEvents().stream().filter(r -> r.key().equals(ConnectorFixture.key(c)))
          .map(r -> r.value()).toList();
      raw.forEach(e -> assertEquals(byId.computeIfAbsent(e.getEventId(), id -> e).getBody(), e.getBody(),
          "a repeated event id is the same event"));
      long crashEvents = agentMessages(raw).stream().filter(at.match::equals).count();
      if (at == Point.EVENTS_ACKED_LINK_NOT_WRITTEN) {
        assertEquals(2, crashEvents, "the poll answer is read again and written again, under the same id");
      } else if (at.agentTriggered()) {
        assertEquals(1, crashEvents, "the link moved past the answer: it is not read again");
      }
      fx.sandbox.liveAgent().endByAgent(session);
    } catch (AssertionError | RuntimeException e) {
      if (Files.exists(log)) {
        System.err.println("connector log (" + at + "):\n" + Files.readString(log));
      }
      throw e;
    } finally {
      child.kill();
      if (next != null) {
        next.stop();
      }
    }
  }

  private void say(String c, String commandId, String text, List<String> said) {
    fx.say(c, commandId, text);
    said.add(text);
  }

  private void agentSays(String session, String text, List<String> said) {
    fx.sandbox.liveAgent().agentSays(session, text);
    said.add(text);
  }

  private List<String> visitorLines(String session) {
    return fx.sandbox.liveAgent().chat(session).orElseThrow().transcript().stream()
        .filter(l -> l.from().equals(TranscriptLine.VISITOR)).map(TranscriptLine::text).toList();
  }

  private static List<String> agentMessages(List<AgentEvent> events) {
    return events.stream().filter(e -> e.getBody() instanceof AgentMessage)
        .map(e -> ((AgentMessage) e.getBody()).getText()).toList();
  }

  private KafkaProducer<String, ConnectorCommand> transactionalRouter(String c) {
    var props = fx.settings.producerProperties("crash-router-" + c);
    props.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "crash-router-" + c);
    var topic = Topics.connectorCommands(fx.platform);
    KafkaProducer<String, ConnectorCommand> router = new KafkaProducer<>(props, topic.keySerde().serializer(),
        topic.valueSerde().serializer());
    router.initTransactions();
    return router;
  }

}
