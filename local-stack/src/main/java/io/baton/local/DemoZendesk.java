package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The demo tenant's Zendesk, set up as an administrator would, with nothing left to do by hand: in the sandbox's
 * SunCo app, a custom integration "Baton" whose webhook is the connector's, made the bot's switchboard integration
 * ahead of the Agent Workspace; in Baton, the {@code zendesk-sunco} and {@code zendesk-support} connections, through
 * the ingress API. Every step finds what is there first, so it runs at each start (the sandbox starts empty, the
 * connections live in Kafka under {@code .baton/}).
 */
public final class DemoZendesk {
  public static final String SUNCO_CONNECTION = "zendesk-sunco";
  public static final String SUPPORT_CONNECTION = "zendesk-support";
  static final String INTEGRATION_NAME = "Baton";
  static final String SWITCHBOARD_NAME = "baton-bot";
  /** What the connector needs SunCo to send (its activation names any that is missing). */
  static final List<String> TRIGGERS = List.of("conversation:message", "conversation:typing",
      "switchboard:passControl", "switchboard:passControl:failure", "switchboard:releaseControl");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUNCO_KEY = "Basic " + Base64.getEncoder().encodeToString(
      (SuncoSimulator.KEY_ID + ":" + SuncoSimulator.KEY_SECRET).getBytes(StandardCharsets.UTF_8));

  private final String zendeskUrl;
  private final DemoConnections connections;

  /**
   * @param zendeskUrl the sandbox's {@code zendeskUrl()} ({@code /sc/v2} and {@code /api/v2} under it)
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoZendesk(String zendeskUrl, String ingressUrl, String botKey) {
    this.zendeskUrl = zendeskUrl;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** All of it, for a connector whose webhooks are at {@code webhookBase}. */
  public void prepare(String webhookBase) {
    String integration = integration(webhookBase + "/webhooks/sunco/" + SUNCO_CONNECTION);
    botFirstInSwitchboard(integration);
    connections.put(SUNCO_CONNECTION, "zendesk_sunco", "Zendesk messaging (sandbox)", Map.of(
        "domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com", "appId", SuncoSimulator.APP_ID,
        "integrationId", integration, "keyId", SuncoSimulator.KEY_ID, "email", ZendeskSupportSimulator.API_EMAIL),
        Map.of("keySecret", SuncoSimulator.KEY_SECRET, "apiToken", ZendeskSupportSimulator.API_TOKEN));
    connections.put(SUPPORT_CONNECTION, "zendesk_support", "Zendesk Support (sandbox)", Map.of(
        "domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com", "email", ZendeskSupportSimulator.API_EMAIL,
        "agentInitiated.channelConnectionId", SUNCO_CONNECTION),
        Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
  }

  /** The custom integration "Baton" with its one webhook at {@code target}: found (and re-pointed) or created. */
  String integration(String target) {
    for (JsonNode i : sunco("GET", "/integrations?filter%5Btypes%5D=custom", null).path("integrations")) {
      if (INTEGRATION_NAME.equals(i.path("displayName").asText())) {
        String id = i.path("id").asText();
        JsonNode hook = sunco("GET", "/integrations/" + id + "/webhooks", null).path("webhooks").path(0);
        if (!target.equals(hook.path("target").asText())) {
          sunco("PATCH", "/integrations/" + id + "/webhooks/" + hook.path("id").asText(),
              JSON.createObjectNode().put("target", target));
        }
        return id;
      }
    }
    ObjectNode body = JSON.createObjectNode().put("type", "custom").put("displayName", INTEGRATION_NAME);
    ObjectNode hook = body.putArray("webhooks").addObject().put("target", target).put("includeFullUser", true)
        .put("includeFullSource", true);
    TRIGGERS.forEach(hook.putArray("triggers")::add);
    return sunco("POST", "/integrations", body).path("integration").path("id").asText();
  }

  /** The integration as the switchboard's default, handing to the Agent Workspace (as the channel flow needs). */
  void botFirstInSwitchboard(String integration) {
    String members = "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID + "/switchboardIntegrations";
    String member = null;
    for (JsonNode m : sunco("GET", members, null).path("switchboardIntegrations")) {
      if (integration.equals(m.path("integrationId").asText())) {
        member = m.path("id").asText();
      }
    }
    if (member == null) {
      member = sunco("POST", members, JSON.createObjectNode().put("name", SWITCHBOARD_NAME)
          .put("integrationId", integration)
          .put("nextSwitchboardIntegrationId", SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID))
          .path("switchboardIntegration").path("id").asText();
    }
    sunco("PATCH", "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID,
        JSON.createObjectNode().put("defaultSwitchboardIntegrationId", member));
  }

  private JsonNode sunco(String method, String path, JsonNode body) {
    HttpResponse<String> r = connections.send(HttpRequest.newBuilder(URI.create(zendeskUrl + "/sc/v2/apps/"
        + SuncoSimulator.APP_ID + path)).header("Authorization", SUNCO_KEY).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : DemoConnections.body(body)));
    if (r.statusCode() / 100 != 2) {
      throw DemoConnections.refused(method + " " + path, r);
    }
    return DemoConnections.read(r.body());
  }
}
