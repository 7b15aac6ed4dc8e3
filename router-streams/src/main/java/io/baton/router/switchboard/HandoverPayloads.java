package io.baton.router.switchboard;

import io.baton.events.Platform;

/** Which handover payload each platform takes, so a request whose payload is for another platform is rejected. */
final class HandoverPayloads {
  private HandoverPayloads() {}

  static String expected(Platform platform) {
    switch (platform) {
      case salesforce:
        return "SalesforceLiveAgentHandover";
      case salesforce_miaw:
        return "SalesforceMiawHandover";
      case zendesk_sunco:
        return "ZendeskSuncoHandover";
      case zendesk_support:
        return "ZendeskSupportHandover";
      case dixa:
        return "DixaHandover";
      case kustomer:
        return "KustomerHandover";
      case freshchat:
        return "FreshchatHandover";
      case oracle_chat:
        return "OracleChatHandover";
      case gorgias:
        return "GorgiasHandover";
      case chat2desk:
        return "Chat2DeskHandover";
      default:
        return "an unknown payload";
    }
  }
}
