package io.baton.connector.webhooks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.chats.Chat;
import io.baton.connector.chats.ChatPlatform;
import io.baton.connector.chats.LinkCodec;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorMessage;
import io.baton.operations.HealthCheck;
import io.baton.operations.Operations;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the webhook family's assembly does beyond the connectors' own suites: the order in which a connection meets
 * the parts (the assembly first, then the connection listener, then the activation with the opened secrets), and a
 * start that fails.
 */
@ExtendWith(KafkaBrokerExtension.class)
class WebhookConnectorTest {
  private static final SealedSecrets SECRETS = new SealedSecrets(java.util.Base64.getDecoder().decode(
      "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="));
  private static final Duration PATIENCE = Duration.ofSeconds(20);
  /** No other test of this module uses it: the host reads no one else's commands. */
  private static final Platform PLATFORM = Platform.salesforce;
  private static final HostConfig HOST = HostConfig.defaults(
      new PlatformCalls.Limits(new RetryPolicy(3, Duration.ofMillis(20), Duration.ofMillis(100)), 100, 100));
  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void aConnectionMeetsTheAssembledPartsInOrderAndItsWebhooksAreChecked(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    String run = UUID.randomUUID().toString().substring(0, 6);
    String connection = "conn-" + run;
    List<String> seen = new CopyOnWriteArrayList<>();
    List<String> unrouted = new CopyOnWriteArrayList<>();
    try (WebhookServer server = new WebhookServer(0)) {
      WebhookConnector<String> connector = new WebhookConnector<>(setup(kafka, run), server, (ctx, connections) -> {
        seen.add("assembled");
        return WebhookParts.of((c, secrets) -> {
          seen.add("activated " + c + " with " + secrets.get("token"));
          return CompletableFuture.completedFuture(Map.of("signingKey", "key-of-" + secrets.get("token")));
        }, new KeyHeader("test-" + run), new NoDesk()).withUnrouted(e -> {
          unrouted.add(e.ref());
          return CompletableFuture.completedFuture(null);
        }).withConnectionSeen((c, opened) -> seen.add("seen " + c.getConnectionId()));
      });
      connector.start();
      String listening = "connector-test-" + run + ".webhooks";
      try {
        assertEquals(HealthCheck.Status.up("listening on port " + server.port()),
            Operations.process().readiness().get(listening));
        try (KafkaProducer<String, Connection> admin = new KafkaProducer<>(kafka.producerProperties("admin-" + run),
            Topics.CONNECTIONS.keySerde().serializer(), Topics.CONNECTIONS.valueSerde().serializer())) {
          admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), connection, connection(connection,
              SECRETS.seal("acme", connection, Map.of("token", "t1"))))).get();
        }
        Eventually.until(PATIENCE, "the connection active", () -> connector.connections().isActive(connection));
        assertEquals(List.of("assembled", "seen " + connection, "activated " + connection + " with t1"), seen);
        Eventually.until(PATIENCE, "its status on connections.v1", () -> broker.readAll(Topics.CONNECTIONS.name(),
            Topics.CONNECTIONS.keySerde().deserializer(), Topics.CONNECTIONS.valueSerde().deserializer()).stream()
            .filter(r -> r.key().equals(connection)).reduce((a, b) -> b).orElseThrow().value()
            .getStatus() == ConnectionStatus.active);

        String path = "/webhooks/test-" + run + "/" + connection;
        assertEquals(401, post(server, path, "key-of-t2", "e1").statusCode(), "another key");
        // 503 only while this instance still reads the conversations' references
        Eventually.until(PATIENCE, "the delivery accepted",
            () -> post(server, path, "key-of-t1", "e1").statusCode() == 200);
        assertEquals(List.of("nobody's-e1"), unrouted, "no conversation is filed under it");
      } finally {
        connector.stop();
      }
      assertFalse(Operations.process().readiness().containsKey(listening), "a stopped connector's check is gone");
    }
  }

  @Test
  void aStartThatFailsThrowsAndRegistersNothing(KafkaBroker broker) throws Exception {
    KafkaSettings kafka = KafkaSettings.of(broker.bootstrapServers());
    String run = UUID.randomUUID().toString().substring(0, 6);
    try (WebhookServer server = new WebhookServer(0)) {
      WebhookConnector<String> connector = new WebhookConnector<>(setup(kafka, run), server, (ctx, connections) -> {
        throw new IllegalStateException("the platform's client cannot be built");
      });
      IllegalStateException e = assertThrows(IllegalStateException.class, connector::start);
      assertEquals("the platform's client cannot be built", e.getMessage());
      // The server is its owner's and still serves; the failed platform registered no endpoint on it.
      assertEquals(404, post(server, "/webhooks/test-" + run + "/c", "k", "e1").statusCode());
      connector.stop(); // harmless after a failed start
      assertNull(connector.chats(), "no chats were assembled");
    }
  }

  private static WebhookConnector.Setup setup(KafkaSettings kafka, String run) {
    return new WebhookConnector.Setup("connector-test-" + run, PLATFORM, kafka, HOST.withInstanceId(run),
        Map.of("token", "API token"), Map.of(), SECRETS);
  }

  private HttpResponse<String> post(WebhookServer server, String path, String key, String eventId) {
    try {
      return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path))
          .header("X-Key", key).POST(HttpRequest.BodyPublishers.ofString(eventId)).build(),
          HttpResponse.BodyHandlers.ofString());
    } catch (java.io.IOException | InterruptedException e) {
      throw new IllegalStateException("the webhook server did not answer", e);
    }
  }

  private static Connection connection(String id, byte[] sealed) {
    return Connection.newBuilder().setConnectionId(id).setTenant("acme").setPlatform(PLATFORM).setName(id)
        .setEnabled(true).setEncryptedSecrets(ByteBuffer.wrap(sealed)).setStatus(ConnectionStatus.pending)
        .setUpdatedAt(Instant.now()).build();
  }

  /** Deliveries carry the learned key in {@code X-Key}; the body is the event id, about no conversation. */
  private record KeyHeader(String name) implements WebhookSource {
    @Override
    public boolean verify(WebhookRequest request, Map<String, String> secrets) {
      return request.header("X-Key").map(k -> k.equals(secrets.get("signingKey"))).orElse(false);
    }

    @Override
    public List<WebhookEvent> events(WebhookRequest request) {
      String id = new String(request.body(), StandardCharsets.UTF_8);
      return List.of(new WebhookEvent(id, "nobody's-" + id, request.body()));
    }
  }

  /** Takes no chats: these tests send no commands. */
  private static final class NoDesk implements ChatPlatform<String> {
    @Override
    public Platform platform() {
      return PLATFORM;
    }

    @Override
    public LinkCodec<String> codec() {
      return new LinkCodec<>() {
        @Override
        public Map<String, String> encode(String state) {
          return Map.of("id", state);
        }

        @Override
        public String decode(int version, Map<String, String> state) {
          return LinkCodec.required(state, "id");
        }
      };
    }

    @Override
    public CompletionStage<Void> open(Chat<String> chat, StartChat start) {
      return CompletableFuture.failedFuture(new IllegalStateException("no chats here"));
    }

    @Override
    public CompletionStage<Void> send(Chat<String> chat, String commandId, VisitorMessage message) {
      return open(chat, null);
    }

    @Override
    public CompletionStage<Void> typing(Chat<String> chat, String commandId, boolean typing) {
      return open(chat, null);
    }

    @Override
    public CompletionStage<Void> end(Chat<String> chat, String commandId, String reason) {
      return open(chat, null);
    }
  }
}
