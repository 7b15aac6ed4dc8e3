package io.baton.connector.dixa;

import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.events.DixaHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.sandbox.dixa.DixaConversation;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.testkit.Eventually;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

/** What only Dixa's tests need on top of {@link ConnectorFixture}: the seed payload, the sandbox's conversations, raw webhooks. */
final class DixaSeeds {
  /** The connection every command of the Dixa tests names. */
  static final String CONNECTION = "96f2fc68-beb0-48f4-9efc-78b399205e00";
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private DixaSeeds() {}

  static ConnectorFixture fixture(io.baton.testkit.KafkaBroker broker) {
    return new ConnectorFixture(broker, Platform.dixa, CONNECTION, c -> c);
  }

  static DixaConfig config(ConnectorFixture fx, io.baton.connector.calls.PlatformCalls.Limits limits) {
    return DixaConfig.of(fx.sandbox.dixaUrl(), DixaSimulator.DEFAULT_TOKEN, 0)
        .withHost(io.baton.connector.HostConfig.defaults(limits));
  }

  /** Starts a connector and waits until its default connection is active. */
  static DixaConnector connector(ConnectorFixture fx, DixaConfig config) {
    DixaConnector connector = new DixaConnector(config, fx.settings);
    connector.start();
    Eventually.until(ConnectorFixture.PATIENCE, "the default connection active",
        () -> connector.connections() != null && connector.connections().isActive(DixaConfig.DEFAULT_CONNECTION));
    return connector;
  }

  /** The seed payload: tags, email, queue, widget. */
  static StartChat startChat(String name, String email, String queueId, List<String> tags) {
    return HandoverSeeds.startChat(Platform.dixa, CONNECTION,
        DixaHandover.newBuilder().setWidgetId("a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a").setQueueId(queueId)
            .setTags(tags).setEmail(email).build(),
        VisitorContext.newBuilder().setName(name).setEmail(email).build(), HandoverSeeds.TRANSCRIPT);
  }

  static StartChat startChat(String email, String queueId, List<String> tags) {
    return startChat("Ann", email, queueId, tags);
  }

  static void start(ConnectorFixture fx, String conversation, String email) {
    fx.start(conversation, startChat(email, DixaSimulator.DEFAULT_QUEUE, List.of("some", "tag")));
  }

  /** The Dixa conversation of a handover, once it is in the queue (tagged and all). */
  static DixaConversation queued(ConnectorFixture fx, String conversation) {
    DixaConversation[] found = new DixaConversation[1];
    Eventually.until(ConnectorFixture.PATIENCE, conversation + " queued in Dixa", () -> fx.sandbox.dixa()
        .conversations().stream().filter(c -> c.externalId() != null && c.externalId().equals("h-" + conversation)
            && DixaSimulator.DEFAULT_QUEUE.equals(c.queueId()))
        .findFirst().map(c -> found[0] = c).isPresent());
    return found[0];
  }

  static List<DixaConversation> conversationsOf(ConnectorFixture fx, String conversation) {
    return fx.sandbox.dixa().conversations().stream().filter(c -> ("h-" + conversation).equals(c.externalId()))
        .toList();
  }

  /** POSTs a webhook straight to the connector, as an attacker or a replaying proxy would. */
  static int post(int webhookPort, String body, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + webhookPort
        + "/webhooks/dixa/" + DixaConfig.DEFAULT_CONNECTION)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (signature != null) {
      b.header("X-DIXA-SIGNATURE", signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  static int post(DixaConnector connector, String body, String signature) throws Exception {
    return post(connector.webhookPort(), body, signature);
  }

  /** The signing key of the webhook subscription that delivers to this port (the last one when null). */
  static String secretOf(ConnectorFixture fx, Integer webhookPort) throws Exception {
    HttpResponse<String> response;
    // The test's token shares Dixa's rate limit with the connector's calls: a 429 is asked again.
    for (int attempt = 1;; attempt++) {
      response = HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.dixaUrl() + "/webhooks"))
          .header("Authorization", DixaSimulator.DEFAULT_TOKEN).build(), HttpResponse.BodyHandlers.ofString());
      if (response.statusCode() != 429 || attempt == 20) {
        break;
      }
      Thread.sleep(250);
    }
    var data = DixaClient.JSON.readTree(response.body()).path("data");
    String secret = null;
    for (var subscription : data) {
      if (webhookPort == null || subscription.path("url").asText().contains(":" + webhookPort + "/")) {
        secret = subscription.path("secretKey").asText();
      }
    }
    return secret;
  }
}
