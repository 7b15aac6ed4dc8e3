package io.baton.connector.zendesk.sunco;

import io.baton.connector.testkit.RoundRobinBalancer;
import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.HandoverSeeds;
import io.baton.connector.testkit.ConnectionsTopic;
import io.baton.connector.zendesk.SandboxPlan;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.events.VisitorContext;
import io.baton.events.ZendeskSuncoHandover;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.OpenApiContract;
import io.baton.sandbox.kit.WebhookSender;
import io.baton.sandbox.sunco.SuncoJournal;
import io.baton.sandbox.sunco.SuncoSettings;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * What the SunCo tests share: the sandbox with fast SunCo webhook retries and the Agent Workspace knowing Support's
 * groups, the integration Baton acts as (its webhook at the {@link RoundRobinBalancer}), the {@code zendesk_sunco} connection
 * in connections.v1 (settings and sealed secrets), the seed payload, and the spec check of every SunCo request.
 */
final class SuncoSeeds {
  static final String CONNECTION = "6f3c5a52-2d1e-4c59-9a43-5b7e1f0c2a11";
  static final List<String> TRIGGERS = SuncoActivation.TRIGGERS;
  static final String BASIC = "Basic " + Base64.getEncoder()
      .encodeToString((SuncoSimulator.KEY_ID + ":" + SuncoSimulator.KEY_SECRET).getBytes(StandardCharsets.UTF_8));
  static final HttpClient HTTP = HttpClient.newHttpClient();

  private SuncoSeeds() {}

  /** The sandbox: SunCo webhooks retried 6 times from 100 ms (doubling), the workspace knowing Support's groups. */
  static HelpdeskSandbox sandbox(SandboxConfig config) {
    AtomicReference<HelpdeskSandbox> started = new AtomicReference<>();
    HelpdeskSandbox sandbox = HelpdeskSandbox.start(config, SuncoSettings.defaults()
        .withWebhookRetries(WebhookSender.RetrySchedule.doubling(7, Duration.ofMillis(100)), Duration.ofSeconds(5))
        .withGroups(id -> started.get() != null && started.get().zendesk().groupExists(id)));
    started.set(sandbox);
    return sandbox;
  }

  static ConnectorFixture fixture(KafkaBroker broker) {
    return new ConnectorFixture(broker, Platform.zendesk_sunco, CONNECTION, c -> c, SuncoSeeds::sandbox);
  }

  /** A call to the sandbox's SunCo app with its key. */
  static JsonNode sunco(ConnectorFixture fx, String method, String path, String body) {
    try {
      HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(fx.sandbox.zendeskUrl() + "/sc/v2/apps/"
          + SuncoSimulator.APP_ID + path)).header("Authorization", BASIC).header("Content-Type", "application/json")
          .method(method,
              body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
      HttpResponse<String> r = HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != 2) {
        throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
      }
      return SuncoClient.JSON.readTree(r.body());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  /** The custom integration Baton acts as: its webhook to {@code target}; its id. */
  static String integration(ConnectorFixture fx, String target, List<String> triggers, boolean fullUser,
      boolean fullSource) {
    String list = String.join(",", triggers.stream().map(t -> "\"" + t + "\"").toList());
    return sunco(fx, "POST", "/integrations", "{\"type\":\"custom\",\"displayName\":\"Baton\",\"webhooks\":[{"
        + "\"target\":\"" + target + "\",\"triggers\":[" + list + "],\"includeFullUser\":" + fullUser
        + ",\"includeFullSource\":" + fullSource + "}]}").path("integration").path("id").asText();
  }

  /** The integration as the bot's switchboard integration, ahead of the Agent Workspace and the default. */
  static void botInSwitchboard(ConnectorFixture fx, String integrationId) {
    String member = sunco(fx, "POST", "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID + "/switchboardIntegrations",
        "{\"name\":\"bot\",\"integrationId\":\"" + integrationId + "\",\"nextSwitchboardIntegrationId\":\""
            + SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID + "\"}")
        .path("switchboardIntegration").path("id").asText();
    sunco(fx, "PATCH", "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID,
        "{\"defaultSwitchboardIntegrationId\":\"" + member + "\"}");
  }

  static Map<String, String> settings(String integrationId) {
    Map<String, String> s = new HashMap<>();
    s.put("domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com");
    s.put("appId", SuncoSimulator.APP_ID);
    s.put("integrationId", integrationId);
    s.put("keyId", SuncoSimulator.KEY_ID);
    s.put("email", ZendeskSupportSimulator.API_EMAIL);
    return s;
  }

  static Map<String, String> secrets() {
    return Map.of("keySecret", SuncoSimulator.KEY_SECRET, "apiToken", ZendeskSupportSimulator.API_TOKEN);
  }

  /** Writes the connection into connections.v1 (tenant acme). */
  static void connection(ConnectorFixture fx, String id, Map<String, String> settings, Map<String, String> secrets) {
    ConnectionsTopic.pending(fx, Platform.zendesk_sunco, id, settings, secrets);
  }

  /** A connector instance whose public URL is the front door; not waiting for any connection. */
  static ZendeskConnector connector(ConnectorFixture fx, RoundRobinBalancer door, String instanceId) {
    ZendeskConfig config =
        ZendeskConfig.of(fx.sandbox.zendeskUrl(), 0, ConnectionsTopic.SECRETS).withWebhook(0, door.url())
            .withHosts(HostConfig.defaults(ZendeskConfig.SUNCO_LIMITS).withInstanceId(instanceId),
                HostConfig.defaults(SandboxPlan.SUPPORT_LIMITS).withInstanceId(instanceId));
    ZendeskConnector connector = new ZendeskConnector(config, fx.settings);
    connector.start();
    door.add(connector.webhookPort());
    return connector;
  }

  static void awaitActive(ZendeskConnector connector, String connection) {
    Eventually.until(ConnectorFixture.PATIENCE, connection + " active",
        () -> connector.sunco().connections().isActive(connection));
  }

  /** The integration at the front door, the connection, one instance: what most tests start from. */
  static String setUp(ConnectorFixture fx, RoundRobinBalancer door) {
    String integration = integration(fx, door.url() + "/webhooks/sunco/" + CONNECTION, TRIGGERS, true, true);
    connection(fx, CONNECTION, settings(integration), secrets());
    return integration;
  }

  static StartChat startChat(String name, String email, ZendeskSuncoHandover payload) {
    return HandoverSeeds.startChat(Platform.zendesk_sunco, CONNECTION, payload,
        VisitorContext.newBuilder().setName(name).setEmail(email).build(), HandoverSeeds.TRANSCRIPT);
  }

  static StartChat startChat(String name) {
    return startChat(name, null, ZendeskSuncoHandover.newBuilder().setName(name).build());
  }

  /** The webhook secret of the connection's integration, as SunCo's API shows it. */
  static String webhookSecret(ConnectorFixture fx) {
    String integration = fx.sandbox.sunco().journal().requests().stream()
        .filter(r -> r.operation().equals("CreateIntegration")).findFirst().orElseThrow().answer();
    try {
      return SuncoClient.JSON.readTree(integration).path("integration").path("webhooks").path(0).path("secret")
          .asText();
    } catch (java.io.IOException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Every SunCo request the sandbox took, checked against the official spec; the violations. */
  static List<String> specViolations(ConnectorFixture fx) {
    OpenApiContract spec = OpenApiContract.sunco();
    List<String> violations = new ArrayList<>();
    for (SuncoJournal.Request r : fx.sandbox.sunco().journal().requests()) {
      if (r.status() / 100 == 2) {
        spec.checkRequest(r.method(), r.path(), r.query(), r.body())
            .forEach(v -> violations.add(r.method() + " " + r.path() + ": " + v));
      }
    }
    return violations;
  }
}
