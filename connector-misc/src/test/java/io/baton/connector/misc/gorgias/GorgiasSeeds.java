package io.baton.connector.misc.gorgias;

import io.baton.connector.misc.PlatformAlone;
import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.calls.RetryPolicy;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.GorgiasHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.WebhookSender;
import io.baton.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the Gorgias tests share: the sandbox with fast delivery retries, the {@code gorgias} connection in
 * connections.v1 (the testkit's {@link ConnectionsTopic}), a connector instance behind a front door the integration posts to, the
 * seed payload, and deliveries posted by hand.
 */
final class GorgiasSeeds {
  static final String CONNECTION = "8d1c2b3a-4e5f-4a6b-9c7d-0e1f2a3b4c5d";
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

  /** Writes the connection into connections.v1 (tenant acme, pending). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, Map<String, String> secrets) {
    ConnectionsTopic.pending(fx, Platform.gorgias, id, settings, secrets);
  }

  /** A connector instance whose public URL is the front door, calling the sandbox's Gorgias; started. */
  static PlatformAlone<GorgiasConnector> connector(ConnectorFixture fx, RoundRobinBalancer door, String instanceId) {
    GorgiasConfig config = GorgiasConfig.of(fx.sandbox.gorgiasUrl())
        .withHost(HostConfig.defaults(FAST).withInstanceId(instanceId));
    PlatformAlone<GorgiasConnector> service = new PlatformAlone<>(door.url(),
        (server, base) -> new GorgiasConnector(config, ConnectionsTopic.SECRETS, fx.settings, server, base));
    service.start();
    door.add(service.webhookPort());
    return service;
  }

  static void awaitActive(PlatformAlone<GorgiasConnector> service, String connection) {
    Eventually.until(ConnectorFixture.PATIENCE, connection + " active",
        () -> service.connector().connections().isActive(connection));
  }

  /** The seed payload with the usual bot transcript; the visitor context names the visitor. */
  static StartChat startChat(String connection, String name, String email, String subject, List<String> tags,
      String team) {
    return HandoverSeeds.startChat(Platform.gorgias, connection, GorgiasHandover.newBuilder().setName(name)
        .setEmail(email).setSubject(subject).setTags(tags).setTeam(team).build(),
        VisitorContext.newBuilder().setName(name).build(), HandoverSeeds.TRANSCRIPT);
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
