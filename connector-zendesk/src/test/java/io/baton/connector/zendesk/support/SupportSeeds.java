package io.baton.connector.zendesk.support;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.SandboxPlan;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.ZendeskSupportHandover;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** What the Support tests share: the connection of connections.v1, a started part, the payload, raw webhooks. */
final class SupportSeeds {
  static final String CONNECTION = "5b1f9d0e-zendesk-support-conn";
  static final HttpClient HTTP = HttpClient.newHttpClient();
  private SupportSeeds() {}

  static ConnectorFixture fixture(KafkaBroker broker) {
    return new ConnectorFixture(broker, Platform.zendesk_support, CONNECTION, c -> c);
  }

  static Map<String, String> settings() {
    Map<String, String> s = new HashMap<>();
    s.put("domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com");
    s.put("email", ZendeskSupportSimulator.API_EMAIL);
    return s;
  }

  /** Writes a Support connection to connections.v1 (secrets sealed as the ingress seals them). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, Map<String, String> secrets) {
    ConnectionsTopic.pending(fx, Platform.zendesk_support, id, settings, secrets);
  }

  static void connection(ConnectorFixture fx) {
    connection(fx, CONNECTION, settings(), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
  }

  static ZendeskConfig config(ConnectorFixture fx) {
    return ZendeskConfig.of(fx.sandbox.zendeskUrl(), 0, ConnectionsTopic.SECRETS);
  }

  /** The Support part alone on its own webhook server (port 0: any). */
  record Part(SupportConnector connector, WebhookServer webhooks) {
    int port() {
      return webhooks.port();
    }

    void stop() {
      webhooks.close();
      connector.stop();
    }
  }

  static Part start(ConnectorFixture fx, String instanceId, int port) {
    ZendeskConfig config = config(fx);
    config = config.withHosts(config.sunco(), HostConfig.defaults(SandboxPlan.SUPPORT_LIMITS)
        .withInstanceId(instanceId));
    // A 503 while the part restarts holds Zendesk's whole lane of webhooks for its Retry-After: one second, not ten.
    WebhookServer webhooks = new WebhookServer(port, Duration.ofSeconds(1));
    SupportConnector connector = new SupportConnector(config, fx.settings, webhooks,
        "http://localhost:" + webhooks.port());
    connector.start();
    Eventually.until(ConnectorFixture.PATIENCE, "the Support connection active",
        () -> connector.connections().isActive(CONNECTION));
    return new Part(connector, webhooks);
  }

  static StartChat startChat(String name, String email, String group, List<String> tags,
      Map<String, String> fields) {
    return startChat(CONNECTION, name, email, group, tags, fields);
  }

  static StartChat startChat(String connection, String name, String email, String group, List<String> tags,
      Map<String, String> fields) {
    return HandoverSeeds.startChat(Platform.zendesk_support, connection,
        ZendeskSupportHandover.newBuilder().setName(name).setEmail(email).setGroupName(group).setTags(tags)
            .setCustomFields(fields).setSubject("Chat with " + name).build(),
        VisitorContext.newBuilder().setName(name).setEmail(email).build(), HandoverSeeds.TRANSCRIPT);
  }

  /** The ticket Baton opened for a conversation (external_id = its handover id). */
  static io.baton.sandbox.zendesk.TicketView ticket(ConnectorFixture fx, String conversation) {
    io.baton.sandbox.zendesk.TicketView[] found = new io.baton.sandbox.zendesk.TicketView[1];
    Eventually.until(ConnectorFixture.PATIENCE, "the ticket of " + conversation, () -> fx.sandbox.zendesk().tickets()
        .stream().filter(t -> ("h-" + conversation).equals(t.externalId())).findFirst()
        .map(t -> found[0] = t).isPresent());
    return found[0];
  }

  /** The signing secret of Baton's webhook of the connection, as the API gives it. */
  static String signingSecret(ConnectorFixture fx) throws Exception {
    String auth = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL,
        ZendeskSupportSimulator.API_TOKEN);
    JsonNode hooks = get(fx, "/webhooks", auth);
    for (JsonNode w : hooks.path("webhooks")) {
      if (("baton-" + CONNECTION).equals(w.path("name").asText())) {
        return get(fx, "/webhooks/" + w.path("id").asText() + "/signing_secret", auth).path("signing_secret")
            .path("secret").asText();
      }
    }
    throw new IllegalStateException("no Baton webhook");
  }

  /** Resets the signing secret of Baton's webhook of the connection, as an admin would; the new secret. */
  static String resetSigningSecret(ConnectorFixture fx) throws Exception {
    String auth = ZendeskSupportSimulator.authorization(ZendeskSupportSimulator.API_EMAIL,
        ZendeskSupportSimulator.API_TOKEN);
    for (JsonNode w : get(fx, "/webhooks", auth).path("webhooks")) {
      if (("baton-" + CONNECTION).equals(w.path("name").asText())) {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.zendeskUrl() + "/api/v2"
            + "/webhooks/" + w.path("id").asText() + "/signing_secret")).header("Authorization", auth)
            .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 201) {
          throw new IllegalStateException("the reset answered " + r.statusCode());
        }
        return SupportClient.JSON.readTree(r.body()).path("signing_secret").path("secret").asText();
      }
    }
    throw new IllegalStateException("no Baton webhook");
  }

  static JsonNode get(ConnectorFixture fx, String path, String auth) throws Exception {
    for (int attempt = 1;; attempt++) {
      HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(fx.sandbox.zendeskUrl() + "/api/v2"
          + path)).header("Authorization", auth).build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 429 || attempt == 20) {
        return SupportClient.JSON.readTree(r.body());
      }
      Thread.sleep(250);
    }
  }

  /** POSTs a webhook straight to the part, as a replaying proxy or an attacker would. */
  static int post(int port, String body, String timestamp, String signature) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/webhooks/"
        + SupportWebhooks.NAME + "/" + CONNECTION)).header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (timestamp != null) {
      b.header(SupportWebhooks.TIMESTAMP, timestamp);
    }
    if (signature != null) {
      b.header(SupportWebhooks.SIGNATURE, signature);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }
}
