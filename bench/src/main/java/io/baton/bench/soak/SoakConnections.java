package io.baton.bench.soak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.ingress.DevCredentials;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collection;
import java.util.List;
import java.util.Map;

/**
 * The soak tenant's connections for the platforms that need one, made as an administrator makes them (the requests
 * of local-stack's {@code DemoKustomer}, {@code DemoOracle}, {@code DemoFreshchat}, {@code DemoGorgias},
 * {@code DemoChat2Desk} and {@code DemoZendesk}, on a sandbox that starts empty):
 * {@code POST /v1/connections} at the ingress with the tenant's key, and for SunCo first a custom integration whose
 * webhook is the Zendesk hosts' balancer, made the switchboard's default ahead of the Agent Workspace. MIAW has no
 * connection: its handover payload names the org and the Enhanced Chat deployment.
 */
final class SoakConnections {
  static final String KUSTOMER = "soak-kustomer";
  static final String ORACLE = "soak-oracle";
  static final String SUNCO = "soak-sunco";
  static final String SUPPORT = "soak-support";
  static final String FRESHCHAT = "soak-freshchat";
  static final String GORGIAS = "soak-gorgias";
  static final String CHAT2DESK = "soak-chat2desk";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String SUNCO_KEY = "Basic " + Base64.getEncoder().encodeToString(
      (SuncoSimulator.KEY_ID + ":" + SuncoSimulator.KEY_SECRET).getBytes(StandardCharsets.UTF_8));
  private static final List<String> SUNCO_TRIGGERS = List.of("conversation:message", "conversation:typing",
      "switchboard:passControl", "switchboard:passControl:failure", "switchboard:releaseControl");

  private final HttpClient http = HttpClient.newHttpClient();
  private final HelpdeskSandbox sandbox;
  private final String ingressUrl;

  SoakConnections(HelpdeskSandbox sandbox, String ingressUrl) {
    this.sandbox = sandbox;
    this.ingressUrl = ingressUrl;
  }

  /**
   * The connections {@code platforms} need; the webhook URLs are the balancers in front of each host's instances
   * (connector-misc's for Freshchat, whose account has one webhook URL; Zendesk's; Chat2Desk's).
   */
  void create(Collection<SoakPlatform> platforms, String miscWebhooks, String zendeskWebhooks,
      String chat2deskWebhooks) {
    if (platforms.contains(SoakPlatform.KUSTOMER)) {
      connection(KUSTOMER, "kustomer", Map.of("plan", "business"), Map.of("apiKey", KustomerSimulator.API_KEY));
    }
    if (platforms.contains(SoakPlatform.ORACLE)) {
      connection(ORACLE, "oracle_chat", Map.of("siteUrl", sandbox.oracleSiteUrl(), "interfaceId", "1", "queueId",
          "1", "availabilityCheck", "true"),
          Map.of("username", OracleChatSimulator.USERNAME, "password", OracleChatSimulator.PASSWORD));
    }
    if (platforms.contains(SoakPlatform.FRESHCHAT)) {
      String token = "Bearer " + FreshchatSimulator.TOKEN;
      JsonNode webhook = call("PUT", sandbox.baseUrl() + "/sandbox/freshchat/webhook", token,
          JSON.createObjectNode().put("url", miscWebhooks + "/webhooks/freshchat/" + FRESHCHAT), 200);
      String group = named(call("GET", sandbox.freshchatUrl() + "/groups", token, null, 200).path("groups"),
          "/name", "Support");
      String botAgent = call("POST", sandbox.baseUrl() + "/sandbox/freshchat/agents", token,
          JSON.createObjectNode().put("name", "Baton Bot"), 200).path("id").asText();
      connection(FRESHCHAT, "freshchat", Map.of("groupId", group, "botAgentId", botAgent),
          Map.of("token", FreshchatSimulator.TOKEN, "publicKey", webhook.path("publicKey").asText()));
    }
    if (platforms.contains(SoakPlatform.GORGIAS)) {
      String basic = "Basic " + Base64.getEncoder().encodeToString((GorgiasSimulator.API_EMAIL + ":"
          + GorgiasSimulator.API_KEY).getBytes(StandardCharsets.UTF_8));
      String team = named(call("GET", sandbox.gorgiasUrl() + "/teams", basic, null, 200).path("data"), "/name",
          "Support");
      connection(GORGIAS, "gorgias", Map.of("teamId", team),
          Map.of("email", GorgiasSimulator.API_EMAIL, "apiKey", GorgiasSimulator.API_KEY));
    }
    if (platforms.contains(SoakPlatform.CHAT2DESK)) {
      connection(CHAT2DESK, "chat2desk", Map.of("operatorId", Long.toString(Chat2DeskCompany.BOT_OPERATOR_ID),
          "serviceMessages", "true", "externalChannelId", Long.toString(Chat2DeskCompany.EXTERNAL_CHANNEL_ID),
          "webhookUrl", chat2deskWebhooks + "/webhooks/chat2desk/" + CHAT2DESK),
          Map.of("token", Chat2DeskCompany.TOKEN, "webhookSecret", Chat2DeskCompany.WEBHOOK_SECRET));
    }
    if (platforms.contains(SoakPlatform.SUNCO)) {
      String integration = suncoIntegration(zendeskWebhooks + "/webhooks/sunco/" + SUNCO);
      connection(SUNCO, "zendesk_sunco", Map.of("domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com",
          "appId", SuncoSimulator.APP_ID, "integrationId", integration, "keyId", SuncoSimulator.KEY_ID, "email",
          ZendeskSupportSimulator.API_EMAIL),
          Map.of("keySecret", SuncoSimulator.KEY_SECRET, "apiToken", ZendeskSupportSimulator.API_TOKEN));
    }
    if (platforms.contains(SoakPlatform.SUPPORT)) {
      // The connector's activation creates Baton's webhook (at the Zendesk hosts' balancer) and triggers.
      connection(SUPPORT, "zendesk_support", Map.of("domain", ZendeskSupportSimulator.SUBDOMAIN + ".zendesk.com",
          "email", ZendeskSupportSimulator.API_EMAIL), Map.of("apiToken", ZendeskSupportSimulator.API_TOKEN));
    }
  }

  private void connection(String id, String platform, Map<String, String> settings, Map<String, String> secrets) {
    ObjectNode body = JSON.createObjectNode().put("connectionId", id).put("platform", platform).put("name", id);
    body.set("settings", JSON.valueToTree(settings));
    body.set("secrets", JSON.valueToTree(secrets));
    call("POST", ingressUrl + "/v1/connections", "Bearer " + DevCredentials.BOT_KEY, body, 201);
  }

  private String suncoIntegration(String target) {
    String app = sandbox.zendeskUrl() + "/sc/v2/apps/" + SuncoSimulator.APP_ID;
    ObjectNode body = JSON.createObjectNode().put("type", "custom").put("displayName", "Baton");
    ObjectNode hook = body.putArray("webhooks").addObject().put("target", target).put("includeFullUser", true)
        .put("includeFullSource", true);
    SUNCO_TRIGGERS.forEach(hook.putArray("triggers")::add);
    String integration = call("POST", app + "/integrations", SUNCO_KEY, body, 201).path("integration").path("id")
        .asText();
    String member = call("POST", app + "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID + "/switchboardIntegrations",
        SUNCO_KEY, JSON.createObjectNode().put("name", "baton-bot").put("integrationId", integration)
            .put("nextSwitchboardIntegrationId", SuncoSimulator.AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID),
        201)
        .path("switchboardIntegration").path("id").asText();
    call("PATCH", app + "/switchboards/" + SuncoSimulator.SWITCHBOARD_ID, SUNCO_KEY,
        JSON.createObjectNode().put("defaultSwitchboardIntegrationId", member), 200);
    return integration;
  }

  /** The id of the element of {@code items} whose {@code field} is {@code name}. */
  private static String named(JsonNode items, String field, String name) {
    for (JsonNode item : items) {
      if (name.equalsIgnoreCase(item.at(field).asText())) {
        return item.path("id").asText();
      }
    }
    throw new IllegalStateException("the sandbox has no " + name + " in " + items);
  }

  private JsonNode call(String method, String url, String authorization, JsonNode body, int expected) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).header("Authorization",
          authorization).header("Content-Type", "application/json")
          .method(method, body == null ? HttpRequest.BodyPublishers.noBody()
              : HttpRequest.BodyPublishers.ofString(body.toString()))
          .build(),
          HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() / 100 != expected / 100) {
        throw new IllegalStateException(method + " " + url + " answered " + r.statusCode() + ": " + r.body());
      }
      return r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
    } catch (IOException e) {
      throw new IllegalStateException(method + " " + url + ": " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
