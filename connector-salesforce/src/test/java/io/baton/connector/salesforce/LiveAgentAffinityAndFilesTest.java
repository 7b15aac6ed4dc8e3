package io.baton.connector.salesforce;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.baton.connector.ConnectorHost;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.Attachment;
import io.baton.events.ChatQueued;
import io.baton.events.DeliveryFailed;
import io.baton.sandbox.liveagent.ChatStatus;
import io.baton.sandbox.liveagent.LiveAgentChat;
import io.baton.sandbox.liveagent.UploadedFile;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Affinity changes under traffic (the ordered path and the barrier), ChasitorResyncState, and file transfer, through
 * the connector on a real broker against the strict sandbox.
 */
@ExtendWith(KafkaBrokerExtension.class)
class LiveAgentAffinityAndFilesTest {
  /**
   * Quick retries, enough of them to outlast a reconnect: a change of affinity every 70 ms answers a call 503 until
   * the session is back, and three quick tries could all fall into one such window on a loaded machine.
   */
  static final PlatformCalls.Limits THROUGH_AFFINITY_CHANGES = new PlatformCalls.Limits(
      new RetryPolicy(8, Duration.ofMillis(20), Duration.ofSeconds(2)), 1000, 1000);
  static ConnectorFixture fx;
  static ConnectorHost host;
  static HttpServer files;

  @BeforeAll
  static void start(KafkaBroker broker) throws Exception {
    fx = SalesforceSeeds.fixture(broker);
    host = SalesforceSeeds.connector(fx, SalesforceSeeds.config(fx, THROUGH_AFFINITY_CHANGES));
    // Where the visitor's channel keeps an attachment: the connector fetches it from here.
    files = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
    files.createContext("/receipt.txt", exchange -> {
      byte[] body = "paid in full".getBytes(StandardCharsets.UTF_8);
      exchange.getResponseHeaders().add("Content-Type", "text/plain");
      exchange.sendResponseHeaders(200, body.length);
      exchange.getResponseBody().write(body);
      exchange.close();
    });
    files.start();
  }

  @AfterAll
  static void stop() {
    files.stop(0);
    host.stop();
    fx.close();
  }

  private static LiveAgentChat established(String conversation) {
    String visitor = "V" + UUID.randomUUID().toString().substring(0, 8);
    SalesforceSeeds.start(fx, conversation, visitor);
    LiveAgentChat chat = SalesforceSeeds.chatOf(fx, visitor, ChatStatus.QUEUED);
    fx.sandbox.liveAgent().accept(chat.sessionId(), "Alex");
    fx.agentEventsOf(conversation, 2);
    return chat;
  }

  @Test
  void manyAffinityChangesUnderTrafficLoseNothingDoubleNothingAndKeepTheOrder() throws Exception {
    String conversation = "c-" + UUID.randomUUID();
    LiveAgentChat chat = established(conversation);
    int messages = 40;
    int changes = 12;
    Thread mover = new Thread(() -> {
      for (int i = 0; i < changes; i++) {
        try {
          Thread.sleep(70);
        } catch (InterruptedException e) {
          return;
        }
        fx.sandbox.liveAgent().changeAffinity(chat.sessionId());
        fx.sandbox.liveAgent().agentSays(chat.sessionId(), "a" + i);
      }
    }, "affinity-mover");
    mover.start();
    for (int i = 0; i < messages; i++) {
      fx.typing(conversation, "t" + i, i % 2 == 0);
      fx.say(conversation, "m" + i, "v" + i);
    }
    mover.join();

    Eventually.until(ConnectorFixture.PATIENCE, "every visitor message at the agent", () -> SalesforceSeeds
        .transcript(fx, chat.sessionId()).stream().filter(l -> l.startsWith("visitor:")).count() >= messages);
    List<String> transcript = SalesforceSeeds.transcript(fx, chat.sessionId());
    List<String> expectedVisitor = new ArrayList<>();
    List<String> expectedAgent = new ArrayList<>();
    for (int i = 0; i < messages; i++) {
      expectedVisitor.add("visitor:v" + i);
    }
    for (int i = 0; i < changes; i++) {
      expectedAgent.add("agent:a" + i);
    }
    assertEquals(expectedVisitor, transcript.stream().filter(l -> l.startsWith("visitor:")).toList(),
        "each visitor message once, in order");
    assertEquals(expectedAgent, transcript.stream().filter(l -> l.startsWith("agent:")).toList());
    assertEquals(0, fx.sandbox.liveAgent().droppedRequests(chat.sessionId()),
        "no request went with a stale number or before ChasitorSessionData");
    assertTrue(fx.sandbox.liveAgent().resyncs(chat.sessionId()) >= 1, "ChasitorResyncState after a reconnect");

    List<Object> events = fx.agentEventsOf(conversation, 2 + changes);
    List<Object> expectedEvents = new ArrayList<>();
    for (int i = 0; i < changes; i++) {
      expectedEvents.add(new AgentMessage("a" + i, "Alex", List.of()));
    }
    assertEquals(expectedEvents, events.subList(2, events.size()), "each agent message once, in order");

    fx.say(conversation, "last", "after the storm");
    Eventually.until(ConnectorFixture.PATIENCE, "a message after the storm",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).contains("visitor:after the storm"));
  }

  @Test
  void anAttachmentGoesToTheAgentsFileTransferAndIsRefusedWithoutOne() {
    String conversation = "c-" + UUID.randomUUID();
    LiveAgentChat chat = established(conversation);
    Attachment receipt = new Attachment("http://localhost:" + files.getAddress().getPort() + "/receipt.txt",
        "receipt.txt", "text/plain", 12L);

    fx.say(conversation, "early", "here it is", List.of(receipt));
    List<Object> events = fx.agentEventsOf(conversation, 3);
    DeliveryFailed refused = (DeliveryFailed) events.get(2);
    assertEquals("early", refused.getCommandEventId());
    assertTrue(refused.getReason().contains("only when the agent asked for one (FileTransfer)"), refused.getReason());

    fx.sandbox.liveAgent().requestFile(chat.sessionId());
    AgentMessage asked = (AgentMessage) fx.agentEventsOf(conversation, 4).get(3);
    assertTrue(asked.getText().startsWith("Alex asked you for a file: attach one file"), asked.getText());

    fx.say(conversation, "file", "here it is", List.of(receipt));
    Eventually.until(ConnectorFixture.PATIENCE, "the file and its message at the agent",
        () -> SalesforceSeeds.transcript(fx, chat.sessionId()).size() == 2);
    assertEquals(List.of("visitor:[file] receipt.txt (text/plain, 12 bytes)", "visitor:here it is"),
        SalesforceSeeds.transcript(fx, chat.sessionId()));
    UploadedFile file = fx.sandbox.liveAgent().uploadedFiles().stream()
        .filter(f -> f.sessionId().equals(chat.sessionId())).findFirst().orElseThrow();
    assertEquals("paid in full", new String(file.bytes(), StandardCharsets.UTF_8));

    fx.say(conversation, "second", "another", List.of(receipt));
    List<Object> after = fx.agentEventsOf(conversation, 5);
    assertEquals("second", ((DeliveryFailed) after.get(4)).getCommandEventId(), "a request takes one file");
    assertEquals(List.of(new ChatQueued(1, 30), new AgentJoined("Alex", after.get(1) instanceof AgentJoined j
        ? j.getAgentId() : null)), after.subList(0, 2));
  }
}
