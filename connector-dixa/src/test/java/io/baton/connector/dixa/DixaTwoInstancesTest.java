package io.baton.connector.dixa;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.baton.connector.HostConfig;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.DixaHandover;
import io.baton.events.EndedBy;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicIntegerArray;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Two connector instances behind a load balancer that deals Dixa's webhooks out in turn, as a round-robin proxy in
 * front of a deployment does: about half the webhooks reach the instance that does not own the conversation. Every
 * agent event must still be published exactly once, in order.
 */
@ExtendWith(KafkaBrokerExtension.class)
class DixaTwoInstancesTest {
  private static final Duration PATIENCE = Duration.ofSeconds(45);
  private static final int CHATS = 8;
  private static final int REPLIES = 3;

  /** Forwards each POST to the next instance in turn, with its headers and body, and answers what it answered. */
  static final class RoundRobin implements AutoCloseable {
    final HttpServer server;
    final List<Integer> ports = new ArrayList<>();
    final AtomicInteger next = new AtomicInteger();
    final AtomicIntegerArray served = new AtomicIntegerArray(2);
    final HttpClient http = HttpClient.newHttpClient();

    RoundRobin() throws IOException {
      server = HttpServer.create(new InetSocketAddress(0), 0);
      server.createContext("/", exchange -> {
        try (exchange) {
          int i = Math.floorMod(next.getAndIncrement(), ports.size());
          served.incrementAndGet(i);
          HttpRequest.Builder forward = HttpRequest.newBuilder(URI.create("http://localhost:" + ports.get(i)
              + exchange.getRequestURI())).POST(HttpRequest.BodyPublishers.ofByteArray(
                  exchange.getRequestBody().readAllBytes()));
          exchange.getRequestHeaders().forEach((name, values) -> {
            if (name.toLowerCase().startsWith("x-") || name.equalsIgnoreCase("content-type")) {
              values.forEach(v -> forward.header(name, v));
            }
          });
          HttpResponse<byte[]> answer = http.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
          exchange.sendResponseHeaders(answer.statusCode(), answer.body().length == 0 ? -1 : answer.body().length);
          exchange.getResponseBody().write(answer.body());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      });
      server.start();
    }

    String url() {
      return "http://localhost:" + server.getAddress().getPort();
    }

    @Override
    public void close() {
      server.stop(0);
    }
  }

  @Test
  void webhooksDealtOutInTurnToTwoInstancesLoseAndDoubleNothing(KafkaBroker kafka) throws Exception {
    KafkaSettings settings = KafkaSettings.of(kafka.bootstrapServers());
    TopicProvisioner.ensure(settings, Topics.all());
    String run = UUID.randomUUID().toString().substring(0, 6);
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0));
         RoundRobin balancer = new RoundRobin();
         KafkaProducer<String, ConnectorCommand> router = new KafkaProducer<>(settings.producerProperties("rr-router"),
             Topics.connectorCommands(Platform.dixa).keySerde().serializer(),
             Topics.connectorCommands(Platform.dixa).valueSerde().serializer())) {
      sandbox.dixa().rateLimit(false); // two instances each keep to the limit; together they may exceed it
      List<DixaConnector> instances = new ArrayList<>();
      for (String id : List.of("rr-a", "rr-b")) {
        DixaConnector instance = new DixaConnector(DixaConfig.of(sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0)
            .withWebhook(0, balancer.url()).withHost(HostConfig.defaults(DixaConfig.DIXA_LIMITS).withInstanceId(id)),
            settings);
        instance.start();
        instances.add(instance);
        balancer.ports.add(instance.webhookPort());
      }
      try {
        Eventually.until(PATIENCE, "both instances active", () -> instances.stream()
            .allMatch(i -> i.connections() != null && i.connections().isActive(DixaConfig.DEFAULT_CONNECTION)));
        List<String> conversations = new ArrayList<>();
        for (int n = 0; n < CHATS; n++) {
          String c = "rr-" + run + "-" + n;
          conversations.add(c);
          router.send(new ProducerRecord<>(Topics.connectorCommands(Platform.dixa).name(), "acme/" + c,
              ConnectorCommand.newBuilder().setEventId("start-" + c).setOccurredAt(Instant.now()).setTenant("acme")
                  .setConversationId(c).setPlatform(Platform.dixa).setHandoverId("h-" + c).setCausationId("x")
                  .setBody(startChat(c)).build()))
              .get();
        }
        Map<String, Long> ids = new java.util.HashMap<>();
        for (String c : conversations) {
          Eventually.until(PATIENCE, c + " queued in Dixa", () -> sandbox.dixa().conversations().stream()
              .anyMatch(d -> ("h-" + c).equals(d.externalId()) && DixaSimulator.DEFAULT_QUEUE.equals(d.queueId())));
          DixaConversation d = sandbox.dixa().conversations().stream().filter(x -> ("h-" + c).equals(x.externalId()))
              .findFirst().orElseThrow();
          ids.put(c, d.id());
        }
        // Each chat lives on exactly one instance, and each instance has some (other tests' chats may be there too).
        Eventually.until(PATIENCE, "every chat held by one instance", () -> conversations.stream()
            .allMatch(c -> instances.stream().filter(i -> i.chats().chat("acme/" + c).isPresent()).count() == 1));
        assertTrue(instances.stream().allMatch(i -> conversations.stream()
            .anyMatch(c -> i.chats().chat("acme/" + c).isPresent())), "both instances own some of the chats");
        for (String c : conversations) {
          sandbox.dixa().assign(ids.get(c), "Agent " + c.substring(c.lastIndexOf('-') + 1));
        }
        for (int r = 0; r < REPLIES; r++) {
          for (String c : conversations) {
            sandbox.dixa().reply(ids.get(c), "reply " + r);
          }
        }
        for (String c : conversations) {
          sandbox.dixa().closeByAgent(ids.get(c));
        }
        int each = 3 + REPLIES;
        kafka.readUntil(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
            Topics.AGENT_EVENTS.valueSerde().deserializer(), read -> conversations.stream().allMatch(c -> read.stream()
                .filter(x -> x.key().equals("acme/" + c)).count() >= each),
            PATIENCE);
        Thread.sleep(500); // anything doubled would land now
        var all = kafka.readAll(Topics.AGENT_EVENTS.name(), Topics.AGENT_EVENTS.keySerde().deserializer(),
            Topics.AGENT_EVENTS.valueSerde().deserializer());
        for (String c : conversations) {
          String agent = "Agent " + c.substring(c.lastIndexOf('-') + 1);
          List<Object> events = all.stream().filter(x -> x.key().equals("acme/" + c))
              .map(x -> (Object) x.value().getBody()).toList();
          List<Object> expected = new ArrayList<>();
          expected.add(new ChatQueued(null, null));
          expected.add(events.size() > 1 ? events.get(1) : null);
          for (int r = 0; r < REPLIES; r++) {
            expected.add(new AgentMessage("reply " + r, agent, List.of()));
          }
          expected.add(new ChatEnded(EndedBy.agent, "closed"));
          assertEquals(expected, events, c);
          assertEquals(agent, ((AgentJoined) events.get(1)).getAgentName());
        }
        // Ended chats withdraw their refs: the last record of each is a tombstone.
        var refs = kafka.readAll(Topics.connectorRefs(Platform.dixa).name(),
            new org.apache.kafka.common.serialization.StringDeserializer(),
            new org.apache.kafka.common.serialization.ByteArrayDeserializer());
        for (String c : conversations) {
          String ref = DixaChat.ref(DixaConfig.DEFAULT_CONNECTION, ids.get(c));
          var mine = refs.stream().filter(r -> r.key().equals(ref)).toList();
          assertEquals(2, mine.size(), ref);
          assertEquals(null, mine.get(1).value(), ref + " withdrawn");
        }
        assertTrue(balancer.served.get(0) >= CHATS && balancer.served.get(1) >= CHATS,
            "the balancer dealt webhooks to both: " + balancer.served);
      } finally {
        instances.forEach(DixaConnector::stop);
      }
    }
  }

  private static StartChat startChat(String c) {
    return new StartChat(HandoverRequested.newBuilder().setEventId("hr-" + c).setOccurredAt(Instant.now())
        .setTenant("acme").setConversationId(c).setPlatform(Platform.dixa)
        .setPayload(DixaHandover.newBuilder().setWidgetId("a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a")
            .setQueueId(DixaSimulator.DEFAULT_QUEUE).setEmail(c + "@example.com").build())
        .setContext(VisitorContext.newBuilder().setName("V " + c).build()).build(), List.of());
  }
}
