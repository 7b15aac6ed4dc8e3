package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Set;

/**
 * A {@code switchboardIntegrationCreateBody} or {@code ...UpdateBody} checked against the switchboard: a unique name of
 * letters, digits, {@code -} and {@code _}; an existing integration (or the Agent Workspace by type alone), not in the
 * switchboard twice; a {@code nextSwitchboardIntegrationId} that exists; {@code messageHistoryCount} 1 to 10.
 */
final class SwitchboardIntegrationBody {
  private static final Set<String> FIELDS = Set.of("name", "integrationId", "integrationType",
      "deliverStandbyEvents", "nextSwitchboardIntegrationId", "messageHistoryCount");

  private SwitchboardIntegrationBody() {
  }

  static void apply(SwitchboardMember member, ObjectNode body, Switchboard board, SuncoIntegrations integrations,
      boolean create) {
    SuncoJson.only(body, "", FIELDS);
    String name = SuncoJson.text(body, "name", "", 1, 128);
    if (create && name == null) {
      throw SuncoError.badRequest("name is required");
    }
    if (name != null && !name.matches("[A-Za-z0-9_-]+")) {
      throw SuncoError.badRequest("name is restricted to alphanumeric characters, - and _");
    }
    if (name != null && board.members().stream().anyMatch(m -> m != member && name.equals(m.name))) {
      throw SuncoError.badRequest("A switchboard integration named " + name + " already exists");
    }
    String integrationId = SuncoJson.text(body, "integrationId", "", 1, 64);
    String integrationType = SuncoJson.text(body, "integrationType", "", 1, 64);
    if (create && integrationId == null && integrationType == null) {
      throw SuncoError.badRequest("One of integrationId or integrationType is required");
    }
    if (integrationId != null) {
      SuncoIntegrations.Integration integration = integrations.require(integrationId);
      if (integrationType != null && !integrationType.equals(integration.type())) {
        throw SuncoError.badRequest("integrationType does not match the integration's type");
      }
      integrationType = integration.type();
    } else if (integrationType != null) {
      if (!integrationType.equals(Switchboard.AGENT_WORKSPACE)) {
        throw SuncoError.badRequest("integrationType alone must name a first-party integration (zd:agentWorkspace)");
      }
      integrationId = board.agentWorkspaceIntegrationId();
    }
    String newIntegration = integrationId;
    if (newIntegration != null && board.members().stream()
        .anyMatch(m -> m != member && newIntegration.equals(m.integrationId))) {
      throw SuncoError.badRequest("This integration is already in the switchboard");
    }
    Boolean standby = SuncoJson.bool(body, "deliverStandbyEvents", "");
    JsonNode next = body.get("nextSwitchboardIntegrationId");
    if (next != null && !next.isNull() && (!next.isTextual() || board.find(next.asText()).isEmpty())) {
      throw SuncoError.badRequest("nextSwitchboardIntegrationId must name a switchboard integration");
    }
    JsonNode history = body.get("messageHistoryCount");
    if (history != null && !history.isNull()
        && (!history.isIntegralNumber() || history.asInt() < 1 || history.asInt() > 10)) {
      throw SuncoError.badRequest("messageHistoryCount must be an integer from 1 to 10");
    }
    if (name != null) {
      member.name = name;
    }
    if (integrationId != null) {
      member.integrationId = integrationId;
      member.integrationType = integrationType;
    }
    if (standby != null) {
      member.deliverStandbyEvents = standby;
    }
    if (next != null) {
      member.nextSwitchboardIntegrationId = next.isNull() ? null : next.asText();
    }
    if (history != null) {
      member.messageHistoryCount = history.isNull() ? null : history.asInt();
    }
  }
}
