package io.baton.local;

import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import java.util.Map;

/**
 * The demo tenant's Chat2Desk, connected as an administrator would: the connection {@code chat2desk} through the
 * ingress API, with the sandbox company's token and webhook secret, its bot operator, the service messages on and its
 * external channel for widget visitors. The connector's activation then registers the webhook at the sandbox's
 * Chat2Desk, at every start (the sandbox starts empty).
 */
public final class DemoChat2Desk {
  public static final String CONNECTION = "chat2desk";
  /** Where the demo bot hands Chat2Desk visitors over: the sandbox's "Support" group. */
  public static final String OPERATOR_GROUP = Long.toString(Chat2DeskCompany.SUPPORT_GROUP_ID);

  private final DemoConnections connections;

  /**
   * @param ingressUrl the ingress, for {@code /v1/connections}
   * @param botKey     the demo tenant's key
   */
  public DemoChat2Desk(String ingressUrl, String botKey) {
    this.connections = new DemoConnections(ingressUrl, botKey);
  }

  /** The connection, for a connector whose webhooks are at {@code webhookBase}. */
  public void prepare(String webhookBase) {
    connections.put(CONNECTION, "chat2desk", "Chat2Desk (sandbox)", Map.of(
        "operatorId", Long.toString(Chat2DeskCompany.BOT_OPERATOR_ID), "serviceMessages", "true",
        "externalChannelId", Long.toString(Chat2DeskCompany.EXTERNAL_CHANNEL_ID),
        "webhookUrl", webhookBase + "/webhooks/chat2desk/" + CONNECTION),
        // The sandbox signs its webhooks: with the secret the connector checks the signature.
        Map.of("token", Chat2DeskCompany.TOKEN, "webhookSecret", Chat2DeskCompany.WEBHOOK_SECRET));
  }
}
