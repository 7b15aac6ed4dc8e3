package io.baton.connector.misc.freshchat;

import io.baton.connector.misc.PlatformAlone;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.HostConfig;
import io.baton.connector.calls.PlatformCalls;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.FreshchatHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * What the Freshchat tests share: the sandbox with fast webhook retries, the {@code freshchat} connection in
 * connections.v1 (settings and sealed secrets: the account's token and public key), a connector instance behind a
 * front door the account's webhook URL points at, the seed payload, and webhooks posted by hand.
 */
final class FreshchatSeeds {
  static final String CONNECTION = "3b7f0c1e-5a2d-4e8b-9c61-0f2a4d6e8b10";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  /** The account's limit in the test sandbox: 600 requests per 10 s ({@link #sandbox}). */
  static final int ACCOUNT_REQUESTS = 600;
  static final Duration ACCOUNT_WINDOW = Duration.ofSeconds(10);
  /**
   * Each instance keeps to half the sandbox account's rate (two instances share it in the contract), as an operator
   * sets it for a known account ({@code BATON_CONNECTOR_RATE_PER_S}); at the default 5 a second the contract's kill
   * and two-instance scenarios waited on the connector's own limiter.
   */
  static final PlatformCalls.Limits ACCOUNT_LIMITS = new PlatformCalls.Limits(FreshchatConfig.LIMITS.retry(),
      ACCOUNT_REQUESTS / (double) ACCOUNT_WINDOW.toSeconds() / 2, FreshchatConfig.LIMITS.burst());

  private FreshchatSeeds() {}

  /**
   * The sandbox: Freshchat's webhook retried quickly (100 ms, doubling, 6 times), and the account's limit raised to
   * 600 requests per 10 s: on the broker the test JVM shares, the connections other classes left are activated again
   * by every new instance against this sandbox, which spent the default 60 a class's own chats need (a 429 on
   * {@code POST /users} in FreshchatPlatformTest). The connector's handling of 429s is the contract's storm test.
   */
  static HelpdeskSandbox sandbox(SandboxConfig config) {
    HelpdeskSandbox sandbox = HelpdeskSandbox.start(config);
    sandbox.freshchat().rateLimit(ACCOUNT_REQUESTS, ACCOUNT_WINDOW);
    sandbox.freshchat().retryWaits(List.of(Duration.ofMillis(100), Duration.ofMillis(200), Duration.ofMillis(400),
        Duration.ofMillis(800), Duration.ofMillis(1600), Duration.ofMillis(3200)));
    return sandbox;
  }

  static ConnectorFixture fixture(KafkaBroker broker) {
    return new ConnectorFixture(broker, Platform.freshchat, CONNECTION, c -> c, FreshchatSeeds::sandbox);
  }

  static FreshchatSimulator freshchat(ConnectorFixture fx) {
    return fx.sandbox.freshchat();
  }

  /** The account's token and its webhook public key, as an administrator copies them. */
  static Map<String, String> secrets(ConnectorFixture fx) {
    return Map.of("token", freshchat(fx).token(), "publicKey", freshchat(fx).publicKeyPem());
  }

  /** Writes the connection into connections.v1 (tenant acme). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, Map<String, String> secrets) {
    ConnectionsTopic.pending(fx, Platform.freshchat, id, settings, secrets);
  }

  /** The account's webhook at the front door, the connection with {@code settings}: what most tests start from. */
  static void setUp(ConnectorFixture fx, RoundRobinBalancer door, Map<String, String> settings) {
    freshchat(fx).webhookUrl(door.url() + "/webhooks/freshchat/" + CONNECTION);
    connection(fx, CONNECTION, settings, secrets(fx));
  }

  /** A connector instance whose public URL is the front door, calling the sandbox's Freshchat; started. */
  static PlatformAlone<FreshchatConnector> connector(ConnectorFixture fx, RoundRobinBalancer door, String instanceId) {
    FreshchatConfig config = FreshchatConfig.of(fx.sandbox.freshchatUrl())
        .withHost(HostConfig.defaults(ACCOUNT_LIMITS).withInstanceId(instanceId));
    PlatformAlone<FreshchatConnector> service = new PlatformAlone<>(door.url(),
        (server, base) -> new FreshchatConnector(config, ConnectionsTopic.SECRETS, fx.settings, server, base));
    service.start();
    door.add(service.webhookPort());
    return service;
  }

  static void awaitActive(PlatformAlone<FreshchatConnector> service, String connection) {
    Eventually.until(ConnectorFixture.PATIENCE, connection + " active",
        () -> service.connector().connections().isActive(connection));
  }

  static StartChat startChat(String name, String email) {
    return HandoverSeeds.startChat(Platform.freshchat, CONNECTION,
        FreshchatHandover.newBuilder().setName(name).setEmail(email).build(),
        VisitorContext.newBuilder().setName(name).build(), HandoverSeeds.TRANSCRIPT);
  }

  /** A call to the sandbox's Freshchat API with the account's token, as an administrator's script would; 2xx. */
  static JsonNode api(HelpdeskSandbox sandbox, String method, String path, String body) throws Exception {
    HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(sandbox.freshchatUrl() + path))
        .header("Authorization", "Bearer " + sandbox.freshchat().token()).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body))
        .build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() / 100 != 2) {
      throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
    }
    return FreshchatClient.JSON.readTree(r.body());
  }

  /** The signature the sandbox account gives this body. */
  static String signature(ConnectorFixture fx, String body) {
    return freshchat(fx).signature(body);
  }

  /** Posts a webhook straight to an instance; the HTTP status. */
  static int post(int port, String body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/freshchat/"
        + CONNECTION)).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-Freshchat-Signature", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
