package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatQueued;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.VisitorTyping;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The WebSocket alternative: the same events as SSE, resumable, and the same credentials and scopes. */
@ExtendWith(KafkaBrokerExtension.class)
class WebSocketGatewayTest {
  static IngressService ingress;
  static TestClient client;
  static KafkaProducer<String, ConversationEvent> producer;

  @RegisterExtension
  static final IngressUnderTest INGRESS = new IngressUnderTest();

  @BeforeAll
  static void start(KafkaBroker broker) {
    ingress = INGRESS.service();
    client = new TestClient(ingress.port());
    producer = new KafkaProducer<>(KafkaSettings.of(broker.bootstrapServers()).producerProperties("ws-test"),
        Topics.CONVERSATION_EVENTS.keySerde().serializer(), Topics.CONVERSATION_EVENTS.valueSerde().serializer());
  }

  @AfterAll
  static void stop() {
    producer.close();
  }

  /** Collects text messages and the close code. */
  static final class Listener implements WebSocket.Listener {
    final BlockingQueue<String> messages = new LinkedBlockingQueue<>();
    final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();

    @Override
    public CompletionStage<?> onText(WebSocket ws, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        messages.add(partial.toString());
        partial.setLength(0);
      }
      ws.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket ws, int status, String reason) {
      closed.complete(status);
      return null;
    }

    @Override
    public void onError(WebSocket ws, Throwable error) {
      closed.completeExceptionally(error);
    }

    JsonNode next() throws Exception {
      String m = messages.poll(15, TimeUnit.SECONDS);
      if (m == null) {
        throw new AssertionError("no WebSocket message within 15 s");
      }
      return TestClient.JSON.readTree(m);
    }
  }

  static WebSocket open(String query, Listener listener) {
    return HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
        .buildAsync(URI.create("ws://localhost:" + ingress.port() + query), listener).join();
  }

  static void produce(ConversationEvent e) throws Exception {
    producer.send(new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), "demo/" + e.getConversationId(), e)).get();
  }

  @Test
  void eventsArriveAsMessagesAndAReconnectResumes() throws Exception {
    String id = "ws-" + UUID.randomUUID();
    String token = client.postJson("/v1/conversations/" + id + "/widget-token", "{}").json().get("token").asText();
    produce(TenantIsolationTest.event("demo", id, 1, ConversationStatus.queued, new ChatQueued(1, 10)));
    produce(TenantIsolationTest.event("demo", id, 2, ConversationStatus.queued, new VisitorTyping(true)));
    Listener first = new Listener();
    WebSocket ws = open("/v1/conversations/" + id + "/ws?access_token=" + token, first);
    JsonNode queued = first.next();
    assertEquals(1, queued.get("id").asLong());
    assertEquals("chat.queued", queued.get("event").asText());
    assertEquals(1, queued.get("data").get("position").asInt());
    produce(TenantIsolationTest.event("demo", id, 3, ConversationStatus.agent_connected,
        new AgentJoined("Alex", "005")));
    JsonNode joined = first.next(); // the visitor's own typing (2) is not sent
    assertEquals(3, joined.get("id").asLong());
    assertEquals("Alex", joined.get("data").get("agentName").asText());
    ws.sendClose(WebSocket.NORMAL_CLOSURE, "bye").join();

    produce(TenantIsolationTest.event("demo", id, 4, ConversationStatus.agent_connected,
        new AgentMessage("Hi", "Alex", List.of())));
    Listener again = new Listener();
    open("/v1/conversations/" + id + "/ws?access_token=" + token + "&lastEventId=3", again);
    JsonNode resumed = again.next();
    assertEquals(4, resumed.get("id").asLong());
    assertEquals("Hi", resumed.get("data").get("text").asText());
  }

  @Test
  void refusedSocketsAreClosedWithTheReason() throws Exception {
    String id = "ws-refused-" + UUID.randomUUID();
    String token = client.postJson("/v1/conversations/" + id + "/widget-token", "{}").json().get("token").asText();
    List<Integer> codes = new ArrayList<>();
    for (String query : List.of("/v1/conversations/" + id + "/ws",
        "/v1/conversations/" + id + "/ws?access_token=" + TestKeys.bot("demo"),
        "/v1/conversations/" + id + "-other/ws?access_token=" + token,
        "/v1/conversations/" + id + "/ws?access_token=" + token + "&lastEventId=x")) {
      Listener l = new Listener();
      open(query, l);
      codes.add(l.closed.get(10, TimeUnit.SECONDS));
    }
    assertEquals(List.of(4401, 4401, 4403, 4400), codes);
  }
}
