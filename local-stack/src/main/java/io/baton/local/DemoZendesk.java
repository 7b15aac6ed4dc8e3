package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
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

  private final HttpClient http = HttpClient.newHttpClient();
  private final String zendeskUrl;
  private final String ingressUrl;
  private final String botKey;

  /**
   * @param zendeskUrl the sandbox's {@code zendeskUrl()} ({@code /sc/v2} and {@code /api/v2} under it)
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoZendesk(String zendeskUrl, String ingressUrl, String botKey) {
    this.zendeskUrl = zendeskUrl;
    this.ingressUrl = ingressUrl;
    this.botKey = botKey;
  }

  /** All of it, for a connector whose webhooks are at {@code webhookBase}. */
  public void prepare(String webhookBase) {
    String integration = integration(webhookBase + "/webhooks/sunco/" + SUNCO_CONNECTION);
    botFirstInSwitchboard(integration);
    connection(SUNCO_CONNECTION, "zendesk_sunco", "Zendesk messaging (sandbox)", Map.of(
        "domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com", "appId", SuncoSimulator.APP_ID,
        "integrationId", integration, "keyId", SuncoSimulator.KEY_ID, "email", ZendeskSupportSimulator.API_EMAIL),
        Map.of("keySecret", SuncoSimulator.KEY_SECRET, "apiToken", ZendeskSupportSimulator.API_TOKEN));
    connection(SUPPORT_CONNECTION, "zendesk_support", "Zendesk Support (sandbox)", Map.of(
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

  /** The connection with a fixed id: created, or (409: it exists) the settings set here put right when they differ. */
  void connection(String id, String platform, String name, Map<String, String> settings,
      Map<String, String> secrets) {
    ObjectNode body = JSON.createObjectNode().put("connectionId", id).put("platform", platform).put("name", name);
    body.set("settings", JSON.valueToTree(settings));
    body.set("secrets", JSON.valueToTree(secrets));
    HttpResponse<String> created = send(ingress("/v1/connections").POST(body(body)));
    if (created.statusCode() == 201) {
      return;
    }
    if (created.statusCode() != 409) {
      throw refused("POST /v1/connections " + id, created);
    }
    HttpResponse<String> existing = send(ingress("/v1/connections/" + id).GET());
    if (existing.statusCode() != 200) {
      throw refused("GET /v1/connections/" + id, existing);
    }
    ObjectNode current = (ObjectNode) read(existing.body()).path("settings");
    ObjectNode wanted = current.deepCopy().setAll((ObjectNode) JSON.valueToTree(settings));
    if (!wanted.equals(current)) {
      // The sandbox started empty: its integration has a new id. Settings added by hand are kept.
      HttpResponse<String> updated = send(ingress("/v1/connections/" + id)
          .method("PATCH", body(JSON.createObjectNode().set("settings", wanted))));
      if (updated.statusCode() != 200) {
        throw refused("PATCH /v1/connections/" + id, updated);
      }
    }
  }

  private HttpRequest.Builder ingress(String path) {
    return HttpRequest.newBuilder(URI.create(ingressUrl + path)).header("Authorization", "Bearer " + botKey)
        .header("Content-Type", "application/json");
  }

  private JsonNode sunco(String method, String path, JsonNode body) {
    HttpResponse<String> r = send(HttpRequest.newBuilder(URI.create(zendeskUrl + "/sc/v2/apps/"
        + SuncoSimulator.APP_ID + path)).header("Authorization", SUNCO_KEY).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : body(body)));
    if (r.statusCode() / 100 != 2) {
      throw refused(method + " " + path, r);
    }
    return read(r.body());
  }

  private static HttpRequest.BodyPublisher body(JsonNode json) {
    return HttpRequest.BodyPublishers.ofString(json.toString());
  }

  private HttpResponse<String> send(HttpRequest.Builder request) {
    try {
      return http.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new IllegalStateException("setting up the demo Zendesk: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while setting up the demo Zendesk", e);
    }
  }

  private static JsonNode read(String body) {
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      throw new IllegalStateException("not JSON: " + body, e);
    }
  }

  private static IllegalStateException refused(String call, HttpResponse<String> r) {
    return new IllegalStateException("setting up the demo Zendesk: " + call + " answered " + r.statusCode() + ": "
        + r.body());
  }
}
