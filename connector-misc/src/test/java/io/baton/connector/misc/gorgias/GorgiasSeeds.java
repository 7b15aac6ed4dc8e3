package io.baton.connector.misc.gorgias;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Connection;
import io.baton.events.ConnectionStatus;
import io.baton.events.GorgiasHandover;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.WebhookSender;
import io.baton.secrets.SealedSecrets;
import io.baton.testkit.Eventually;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the Gorgias tests share: the sandbox with fast delivery retries, the {@code gorgias} connection in
 * connections.v1 (sealed email and API key), a connector instance behind a front door the integration posts to, the
 * seed payload, and deliveries posted by hand.
 */
final class GorgiasSeeds {
  static final String CONNECTION = "8d1c2b3a-4e5f-4a6b-9c7d-0e1f2a3b4c5d";
  static final SealedSecrets SECRETS = new SealedSecrets(java.util.Base64.getDecoder().decode(
      "ZGV2LXNlY3JldHMta2V5LW5vdC1mb3ItcHJvZHVjdGk="));
  static final HttpClient HTTP = HttpClient.newHttpClient();
  /** Calls in tests: the account's bucket is off unless a test is about it, so the connector's may be wide too. */
  static final PlatformCalls.Limits FAST = new PlatformCalls.Limits(new RetryPolicy(8, Duration.ofMillis(50),
      Duration.ofSeconds(3)), 200, 200);

  /** Deliveries retried quickly in tests: 100 ms, doubling, 6 tries. */
  static final WebhookSender.RetrySchedule RETRIES = WebhookSender.RetrySchedule.doubling(6, Duration.ofMillis(100));

  private GorgiasSeeds() {}

  /** The sandbox: deliveries retried quickly (100 ms, doubling, 6 tries), the account's bucket off. */
  static HelpdeskSandbox sandbox(SandboxConfig config) {
    HelpdeskSandbox sandbox = HelpdeskSandbox.start(config);
    sandbox.gorgias().retrySchedule(RETRIES, Duration.ofSeconds(5));
    sandbox.gorgias().rateLimit(false);
    return sandbox;
  }

  static GorgiasSimulator gorgias(ConnectorFixture fx) {
    return fx.sandbox.gorgias();
  }

  /** The API user's email and key, as Settings > REST API shows them. */
  static Map<String, String> secrets(ConnectorFixture fx) {
    return Map.of("email", gorgias(fx).apiEmail(), "apiKey", gorgias(fx).apiKey());
  }

  /** Writes the connection into connections.v1 (tenant acme). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, Map<String, String> secrets) {
    write(fx, Connection.newBuilder().setConnectionId(id).setTenant(ConnectorFixture.TENANT)
        .setPlatform(Platform.gorgias).setName(id).setEnabled(true).setSettings(settings)
        .setEncryptedSecrets(ByteBuffer.wrap(SECRETS.seal(ConnectorFixture.TENANT, id, secrets)))
        .setStatus(ConnectionStatus.pending).setUpdatedAt(Instant.now()).build());
  }

  static void write(ConnectorFixture fx, Connection c) {
    try (KafkaProducer<String, Connection> admin = new KafkaProducer<>(fx.settings.producerProperties(
        "test-admin-" + UUID.randomUUID()), Topics.CONNECTIONS.keySerde().serializer(),
        Topics.CONNECTIONS.valueSerde().serializer())) {
      admin.send(new ProducerRecord<>(Topics.CONNECTIONS.name(), c.getConnectionId(), c)).get();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The connection disabled, as an administrator does. */
  static void retire(ConnectorFixture fx, String id) {
    write(fx, Connection.newBuilder(statuses(fx).get(id)).setEnabled(false).setUpdatedAt(Instant.now()).build());
  }

  /** The latest record of each connection in connections.v1. */
  static Map<String, Connection> statuses(ConnectorFixture fx) {
    Map<String, Connection> latest = new HashMap<>();
    fx.kafka.readAll(Topics.CONNECTIONS.name(), Topics.CONNECTIONS.keySerde().deserializer(),
        Topics.CONNECTIONS.valueSerde().deserializer()).forEach(r -> latest.put(r.key(), r.value()));
    return latest;
  }

  static void awaitStatus(ConnectorFixture fx, String id, ConnectionStatus status) {
    Eventually.until(ConnectorFixture.PATIENCE, id + " " + status, () -> {
      Connection c = statuses(fx).get(id);
      return c != null && c.getStatus() == status;
    });
  }

  /** A connector instance whose public URL is the front door, calling the sandbox's Gorgias; started. */
  static GorgiasService connector(ConnectorFixture fx, RoundRobinBalancer door, String instanceId) {
    GorgiasService service = new GorgiasService(GorgiasConfig.of(fx.sandbox.gorgiasUrl())
        .withHost(HostConfig.defaults(FAST).withInstanceId(instanceId)), SECRETS, fx.settings, door.url());
    service.start();
    door.add(service.webhookPort());
    return service;
  }

  static void awaitActive(GorgiasService service, String connection) {
    Eventually.until(ConnectorFixture.PATIENCE, connection + " active",
        () -> service.gorgias().connections().isActive(connection));
  }

  static StartChat startChat(String connection, String name, String email, String subject, List<String> tags,
      String team) {
    HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
        .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId("ignored")
        .setPlatform(Platform.gorgias).setConnectionId(connection)
        .setPayload(GorgiasHandover.newBuilder().setName(name).setEmail(email).setSubject(subject).setTags(tags)
            .setTeam(team).build())
        .setContext(VisitorContext.newBuilder().setName(name).build()).build();
    return new StartChat(request, List.of(
        new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.parse("2026-11-29T10:00:00Z")),
        new TranscriptEntry(TranscriptRole.bot, "Connecting you to an agent", Instant.parse("2026-11-29T10:00:01Z"))));
  }

  /** A ticket's messages as lines: who, a note or sent by Gorgias itself, and the text. */
  static List<String> lines(GorgiasSimulator.Ticket t) {
    return t.messages().stream().map(m -> (m.fromAgent() ? "agent" : "customer") + (m.isPublic() ? "" : "/note")
        + (m.sentByGorgias() ? "/sent by Gorgias" : "") + ": " + m.bodyText()).toList();
  }

  /** Posts a delivery straight to a webhook port; the HTTP status. */
  static int post(int port, String body, String secret) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/gorgias/"
        + CONNECTION)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      b.header(GorgiasWebhooks.HEADER, secret);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A call to the sandbox's Gorgias API as the API user, as an administrator's script would; 2xx. */
  static com.fasterxml.jackson.databind.JsonNode api(ConnectorFixture fx, String method, String path, String body)
      throws Exception {
    String basic = java.util.Base64.getEncoder().encodeToString((gorgias(fx).apiEmail() + ":" + gorgias(fx).apiKey())
        .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.gorgiasUrl() + path))
        .header("Authorization", "Basic " + basic).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return GorgiasClient.JSON.readTree(r.body().isEmpty() ? "{}" : r.body());
  }

  /** The secret the connector derives for a connection of the sandbox's API key. */
  static String webhookSecret(ConnectorFixture fx, String connection) {
    return GorgiasActivation.derivedSecret(new GorgiasAccount(connection, null, gorgias(fx).apiEmail(),
        gorgias(fx).apiKey()));
  }
}
