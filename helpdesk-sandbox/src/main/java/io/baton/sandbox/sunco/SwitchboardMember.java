package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** One switchboard integration of the app's switchboard; mutable through PATCH. */
final class SwitchboardMember {
  final String id;
  String name;
  String integrationId;
  String integrationType;
  boolean deliverStandbyEvents;
  String nextSwitchboardIntegrationId;
  Integer messageHistoryCount;

  SwitchboardMember(String id) {
    this.id = id;
  }

  ObjectNode toJson() {
    ObjectNode json = SuncoJson.object().put("id", id).put("name", name).put("integrationId", integrationId)
        .put("integrationType", integrationType).put("deliverStandbyEvents", deliverStandbyEvents);
    json.put("nextSwitchboardIntegrationId", nextSwitchboardIntegrationId);
    return json.put("messageHistoryCount", messageHistoryCount);
  }

  /** As conversations and webhooks show it ({@code switchboardIntegrationWebhook}). */
  ObjectNode reference() {
    return SuncoJson.object().put("id", id).put("name", name).put("integrationId", integrationId)
        .put("integrationType", integrationType);
  }
}
