package io.baton.connector.misc.kustomer;

import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.events.KustomerHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kustomer.KustomerSettings;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the Kustomer tests share: the sandbox with Kustomer's webhook retries in milliseconds, {@code kustomer}
 * connections in connections.v1 (settings, sealed secrets), a connector instance with fast retries, the seed payload
 * and raw webhooks.
 */
final class KustomerSeeds {
  /** Retries in tens of milliseconds; the bucket is the connection's plan, set at activation. */
  static final PlatformCalls.Limits FAST =
      new PlatformCalls.Limits(new RetryPolicy(6, Duration.ofMillis(20), Duration.ofSeconds(2)), 50, 50);
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private KustomerSeeds() {}

  /** The simulator's defaults with its webhook retries after 50, 100, 200 ms and a 2 s answer timeout. */
  static KustomerSettings fastSimulator() {
    return KustomerSettings.defaults().withRetries(List.of(Duration.ofMillis(50), Duration.ofMillis(100),
        Duration.ofMillis(200)), Duration.ofSeconds(2));
  }

  static HelpdeskSandbox sandbox(SandboxConfig config, KustomerSettings settings) {
    return HelpdeskSandbox.start(config, null, null, settings);
  }

  static ConnectorFixture fixture(KafkaBroker broker, String connection, KustomerSettings settings) {
    return new ConnectorFixture(broker, Platform.kustomer, connection, c -> c, c -> sandbox(c, settings));
  }

  /** An instance on this webhook port (0: any), e.g. a restarted one where Kustomer's webhook points. */
  static KustomerService start(ConnectorFixture fx, String instanceId, int port) {
    KustomerService service = new KustomerService(KustomerConfig.of(fx.sandbox.kustomerUrl())
        .withHost(HostConfig.defaults(FAST).withInstanceId(instanceId)), ConnectionsTopic.SECRETS, fx.settings, port);
    service.start();
    return service;
  }

  /** Starts an instance and waits until it activated the connection. */
  static KustomerService active(ConnectorFixture fx, String instanceId, int port, String connection) {
    KustomerService service = start(fx, instanceId, port);
    Eventually.until(ConnectorFixture.PATIENCE, connection + " active on " + instanceId,
        () -> service.kustomer().connections() != null && service.kustomer().connections().isActive(connection));
    return service;
  }

  /** Writes the connection into connections.v1 (tenant acme, enabled, secret {@code apiKey}). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, String apiKey) {
    ConnectionsTopic.pending(fx, Platform.kustomer, id, settings, Map.of("apiKey", apiKey));
  }

  /** The seed payload, with a transcript of both directions. */
  static StartChat startChat(String connection, String name, String email, String queue, List<String> tags) {
    return startChat(connection, name, email, queue, tags, List.of(
        new TranscriptEntry(TranscriptRole.visitor, "I need a human", Instant.parse("2026-11-29T10:00:00Z")),
        new TranscriptEntry(TranscriptRole.bot, "Connecting you to an agent", Instant.parse("2026-11-29T10:00:01Z"))));
  }

  static StartChat startChat(String connection, String name, String email, String queue, List<String> tags,
      List<TranscriptEntry> transcript) {
    return HandoverSeeds.startChat(Platform.kustomer, connection,
        KustomerHandover.newBuilder().setName(name).setEmail(email).setQueue(queue).setTags(tags).build(),
        VisitorContext.newBuilder().setName(name).setEmail(email).build(), transcript);
  }

  /** The webhook token the simulator gave the webhook at this URL. */
  static String tokenAt(ConnectorFixture fx, String url) {
    return fx.sandbox.kustomer().webhookRegistrations().stream().filter(w -> w.url().equals(url) && w.enabled())
        .reduce((a, b) -> b).orElseThrow(() -> new AssertionError("no webhook at " + url)).token();
  }

  static String webhookUrl(int port, String connection) {
    return "http://localhost:" + port + "/webhooks/kustomer/" + connection;
  }

  /** Posts a raw webhook to an instance; the HTTP status. */
  static int post(int port, String connection, String body, String signature, String connectionHeader)
      throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(webhookUrl(port, connection)))
        .header("Content-Type", "application/json").header("X-Kustomer-Webhook-Event", "kustomer.message.create")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      request.header(KustomerWebhooks.SIGNATURE, signature);
    }
    if (connectionHeader != null) {
      request.header(KustomerWebhooks.CONNECTION_HEADER, connectionHeader);
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  /** A call to the sandbox's Kustomer API with the org's default key, as another client of the org would make it. */
  static com.fasterxml.jackson.databind.JsonNode api(ConnectorFixture fx, String method, String path, String body)
      throws Exception {
    HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.kustomerUrl() + path))
        .header("Authorization", "Bearer " + fx.sandbox.kustomer().apiKey()).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (answer.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + answer.statusCode() + ": " + answer.body());
    }
    return KustomerClient.JSON.readTree(answer.body().isEmpty() ? "{}" : answer.body());
  }

  /** The conversation's ChatQueued (its first agent event), then its session in Kustomer. */
  static io.baton.sandbox.kustomer.KustomerSimulator.Conversation queued(ConnectorFixture fx, String conversation) {
    io.baton.sandbox.kustomer.KustomerSimulator.Conversation[] found =
        new io.baton.sandbox.kustomer.KustomerSimulator.Conversation[1];
    org.junit.jupiter.api.Assertions.assertEquals(List.of(new io.baton.events.ChatQueued(null, null)),
        fx.agentEventsOf(conversation, 1));
    Eventually.until(ConnectorFixture.PATIENCE, conversation + " in Kustomer", () -> fx.sandbox.kustomer()
        .conversationByExternalId("h-" + conversation).map(c -> found[0] = c).isPresent());
    return found[0];
  }

  /** A session's messages as {@code direction[/auto]:body;} each. */
  static String lines(List<io.baton.sandbox.kustomer.KustomerMessage> messages) {
    StringBuilder b = new StringBuilder();
    messages.forEach(m -> b.append(m.direction()).append(m.auto() ? "/auto" : "").append(':').append(m.body())
        .append(';'));
    return b.toString();
  }
}
