package io.baton.local;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import java.util.Map;
import java.util.Optional;

/**
 * The demo tenant's Freshchat, set up as an administrator would: in the sandbox account's admin UI (its stand-in
 * under {@code /sandbox/freshchat}), the one webhook URL of the account pointed at the connector and a "Baton Bot"
 * agent for the bot's transcript lines (found by Freshchat's API when a previous start made it); in Baton, the
 * connection {@code freshchat} through the ingress API, with the account's API token and the public key its webhooks
 * are signed with. A sandbox started anew has a new key pair, so the secrets are written again every time.
 */
public final class DemoFreshchat {
  public static final String CONNECTION = "freshchat";
  /** The agent whose private notes carry the bot's lines of the transcript (the visitor never sees them). */
  static final String BOT_AGENT = "Baton Bot";
  /** The sandbox group new conversations are assigned to. */
  static final String GROUP = "Support";
  private static final String TOKEN = "Bearer " + FreshchatSimulator.TOKEN;

  private final SandboxAddress sandbox;
  private final DemoConnections connections;

  /**
   * @param sandbox    where the sandbox is
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoFreshchat(SandboxAddress sandbox, String ingressUrl, String botKey) {
    this.sandbox = sandbox;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** All of it, for a connector whose webhooks are at {@code webhookBase}. */
  public void prepare(String webhookBase) {
    JsonNode webhook = connections.call("PUT", sandbox.baseUrl() + "/sandbox/freshchat/webhook", TOKEN,
        JsonNodeFactory.instance.objectNode().put("url", webhookBase + "/webhooks/freshchat/" + CONNECTION));
    String group = DemoConnections.named(connections.call("GET", sandbox.freshchatUrl() + "/groups", TOKEN, null)
        .path("groups"), "/name", GROUP).map(g -> g.path("id").asText())
        .orElseThrow(() -> new IllegalStateException("the sandbox's Freshchat has no group " + GROUP));
    connections.putRenewingSecrets(CONNECTION, "freshchat", "Freshchat (sandbox)",
        Map.of("groupId", group, "botAgentId", botAgent()),
        Map.of("token", FreshchatSimulator.TOKEN, "publicKey", webhook.path("publicKey").asText()));
  }

  /** The bot's agent: the one the account has, else invited in the admin UI. */
  private String botAgent() {
    Optional<String> known = agentNamed(BOT_AGENT);
    if (known.isPresent()) {
      return known.get();
    }
    return connections.call("POST", sandbox.baseUrl() + "/sandbox/freshchat/agents", TOKEN,
        JsonNodeFactory.instance.objectNode().put("name", BOT_AGENT)).path("id").asText();
  }

  private Optional<String> agentNamed(String name) {
    for (JsonNode agent : connections.call("GET", sandbox.freshchatUrl() + "/agents", TOKEN, null).path("agents")) {
      String full = (agent.path("first_name").asText() + " " + agent.path("last_name").asText()).trim();
      if (name.equalsIgnoreCase(full)) {
        return Optional.of(agent.path("id").asText());
      }
    }
    return Optional.empty();
  }
}
