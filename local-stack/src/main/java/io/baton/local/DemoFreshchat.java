package io.baton.local;

import io.baton.sandbox.freshchat.FreshchatSimulator;
import java.util.Map;

/**
 * The demo tenant's Freshchat, set up as an administrator would: in the sandbox account's admin UI (its Java
 * stand-in), the one webhook URL of the account pointed at the connector and a "Baton Bot" agent for the bot's
 * transcript lines; in Baton, the connection {@code freshchat} through the ingress API, with the account's API token
 * and the public key its webhooks are signed with. The sandbox makes a new key pair at each start, so the secrets are
 * written again every time.
 */
public final class DemoFreshchat {
  public static final String CONNECTION = "freshchat";
  /** The agent whose private notes carry the bot's lines of the transcript (the visitor never sees them). */
  static final String BOT_AGENT = "Baton Bot";
  /** The sandbox group new conversations are assigned to. */
  static final String GROUP = "Support";

  private final FreshchatSimulator freshchat;
  private final DemoConnections connections;

  /**
   * @param freshchat  the sandbox's Freshchat
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoFreshchat(FreshchatSimulator freshchat, String ingressUrl, String botKey) {
    this.freshchat = freshchat;
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** All of it, for a connector whose webhooks are at {@code webhookBase}. */
  public void prepare(String webhookBase) {
    freshchat.webhookUrl(webhookBase + "/webhooks/freshchat/" + CONNECTION);
    String bot = freshchat.agentId(BOT_AGENT).orElseGet(() -> freshchat.addAgent(BOT_AGENT));
    connections.putRenewingSecrets(CONNECTION, "freshchat", "Freshchat (sandbox)",
        Map.of("groupId", freshchat.group(GROUP), "botAgentId", bot),
        Map.of("token", freshchat.token(), "publicKey", freshchat.publicKeyPem()));
  }
}
