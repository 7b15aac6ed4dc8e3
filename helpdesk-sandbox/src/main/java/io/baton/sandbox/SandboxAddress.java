package io.baton.sandbox;

import io.baton.sandbox.chat2desk.Chat2DeskApi;
import io.baton.sandbox.dixa.DixaApi;
import io.baton.sandbox.freshchat.FreshchatApi;
import io.baton.sandbox.gorgias.GorgiasApi;
import io.baton.sandbox.kustomer.KustomerApi;
import io.baton.sandbox.liveagent.LiveAgentRestApi;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import java.util.Objects;

/**
 * Where a helpdesk sandbox answers, and where each simulator's API is under it: what a client of a sandbox in another
 * process (the local stack's, or one a user points Baton at) needs instead of the sandbox object.
 *
 * @param baseUrl {@code http://host:port}, no trailing slash
 */
public record SandboxAddress(String baseUrl) {
  public SandboxAddress {
    Objects.requireNonNull(baseUrl, "baseUrl");
    if (!baseUrl.matches("https?://[^/\\s]+")) {
      throw new IllegalArgumentException("a sandbox's address is http(s)://host:port, was " + baseUrl);
    }
  }

  /** What a Live Agent client uses instead of {@code https://{liveAgentHostname}/chat/rest/}. */
  public String liveAgentRestUrl() {
    return baseUrl + LiveAgentRestApi.BASE_PATH;
  }

  /** What a MIAW client uses instead of the org's SCRT URL. */
  public String miawUrl() {
    return baseUrl;
  }

  /** What a Dixa client uses instead of {@code https://dev.dixa.io/v1}. */
  public String dixaUrl() {
    return baseUrl + DixaApi.BASE_PATH;
  }

  /** Instead of {@code https://{subdomain}.zendesk.com}: SunCo under {@code /sc/v2/...}, Support under {@code /api/v2}. */
  public String zendeskUrl() {
    return baseUrl + "/" + ZendeskSupportSimulator.NAME;
  }

  /** The Chat2Desk base the connector's {@code BATON_CHAT2DESK_API_URL} names ({@code /v1} is added by it). */
  public String chat2deskBaseUrl() {
    return baseUrl + "/chat2desk";
  }

  /** What a Chat2Desk client uses instead of {@code https://api.chat2desk.com/v1}. */
  public String chat2deskUrl() {
    return baseUrl + Chat2DeskApi.BASE_PATH;
  }

  /** What a Kustomer client uses instead of {@code https://<org>.api.kustomerapp.com}: paths {@code /v1/...}. */
  public String kustomerUrl() {
    return baseUrl + KustomerApi.BASE_PATH;
  }

  /** What a Freshchat client uses instead of {@code https://<account>.freshchat.com/v2}. */
  public String freshchatUrl() {
    return baseUrl + FreshchatApi.BASE_PATH;
  }

  /** What a Gorgias client uses instead of {@code https://<domain>.gorgias.com/api}. */
  public String gorgiasUrl() {
    return baseUrl + GorgiasApi.BASE_PATH;
  }

  /** What an Oracle chat client uses instead of {@code https://<site>.custhelp.com}. */
  public String oracleSiteUrl() {
    return baseUrl + OracleChatSimulator.SITE_PATH;
  }

  /** The route that says a server is a Baton helpdesk sandbox ({@link SandboxIdentity}). */
  public String identityUrl() {
    return baseUrl + SandboxIdentity.PATH;
  }

  @Override
  public String toString() {
    return baseUrl;
  }
}
