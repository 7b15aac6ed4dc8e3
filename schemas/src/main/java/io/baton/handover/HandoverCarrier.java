package io.baton.handover;

import io.baton.events.ConnectionSnapshot;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;

/**
 * Which platform's connector carries a handover: its own platform, except a Live Agent payload on a Salesforce
 * connection with {@code api} = {@code enhanced_chat}, which the MIAW connector carries. Decided from the request and
 * its connection snapshot only, so the router (where the chat goes) and the ingress (whether a connector for it runs)
 * agree.
 */
public final class HandoverCarrier {
  public static final String API = "api";
  public static final String ENHANCED_CHAT = "enhanced_chat";

  private HandoverCarrier() {}

  public static Platform of(HandoverRequested request) {
    ConnectionSnapshot connection = request.getConnectionId() == null ? null : request.getConnection();
    boolean enhancedChat = request.getPlatform() == Platform.salesforce && connection != null
        && ENHANCED_CHAT.equals(connection.getSettings().get(API));
    return enhancedChat ? Platform.salesforce_miaw : request.getPlatform();
  }
}
