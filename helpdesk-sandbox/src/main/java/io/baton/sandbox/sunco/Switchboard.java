package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The app's switchboard (one per app) and its switchboard integrations (at most ten): which integration a new
 * conversation starts with ({@code defaultSwitchboardIntegrationId}), where control goes "next", and whether an
 * integration on standby still receives events ({@code deliverStandbyEvents}, default true). The sandbox account
 * starts with an enabled switchboard holding the Agent Workspace ({@code zd:agentWorkspace}) as its default.
 */
final class Switchboard {
  static final int LIMIT = 10;
  static final String AGENT_WORKSPACE = "zd:agentWorkspace";
  private static final Set<String> FIELDS = Set.of("name", "integrationId", "integrationType",
      "deliverStandbyEvents", "nextSwitchboardIntegrationId", "messageHistoryCount");

  /** One switchboard integration; mutable through PATCH. */
  static final class Member {
    final String id;
    String name;
    String integrationId;
    String integrationType;
    boolean deliverStandbyEvents;
    String nextSwitchboardIntegrationId;
    Integer messageHistoryCount;

    Member(String id) {
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

  private String id;
  private boolean enabled;
  private String defaultId;
  private final Map<String, Member> members = new LinkedHashMap<>();

  Switchboard(String id, String agentWorkspaceMemberId, String agentWorkspaceIntegrationId) {
    this.id = id;
    Member workspace = new Member(agentWorkspaceMemberId);
    workspace.name = "zd-agentWorkspace";
    workspace.integrationId = agentWorkspaceIntegrationId;
    workspace.integrationType = AGENT_WORKSPACE;
    workspace.deliverStandbyEvents = false;
    members.put(workspace.id, workspace);
    this.enabled = true;
    this.defaultId = workspace.id;
  }

  boolean exists() {
    return id != null;
  }

  boolean enabled() {
    return exists() && enabled;
  }

  String id() {
    return id;
  }

  ObjectNode toJson() {
    ObjectNode json = SuncoJson.object().put("id", id).put("enabled", enabled);
    if (defaultId != null) {
      json.put("defaultSwitchboardIntegrationId", defaultId);
    }
    return json;
  }

  void require(String switchboardId) {
    if (!exists() || !id.equals(switchboardId)) {
      throw new SuncoError(404, "switchboard_not_found", "Switchboard not found");
    }
  }

  /** POST /switchboards: only one per app; a new one starts disabled and empty. */
  void create() {
    if (exists()) {
      throw SuncoError.badRequest("Only one switchboard can be created per app");
    }
    id = ObjectIds.next();
    enabled = false;
    defaultId = null;
    members.clear();
  }

  /** PATCH /switchboards/{id}: {@code enabled}, {@code defaultSwitchboardIntegrationId}. */
  void update(String switchboardId, ObjectNode body) {
    require(switchboardId);
    SuncoJson.only(body, "", Set.of("enabled", "defaultSwitchboardIntegrationId"));
    Boolean on = SuncoJson.bool(body, "enabled", "");
    String newDefault = SuncoJson.text(body, "defaultSwitchboardIntegrationId", "", 1, 64);
    if (newDefault != null && !members.containsKey(newDefault)) {
      throw new SuncoError(404, "switchboard_integration_not_found", "Switchboard integration not found");
    }
    String effectiveDefault = newDefault != null ? newDefault : defaultId;
    boolean effectiveOn = on != null ? on : enabled;
    if (effectiveOn && effectiveDefault == null) {
      throw new SuncoError(404, "switchboard_integration_not_found",
          "Enabled switchboard must have an associated default switchboardIntegration");
    }
    enabled = effectiveOn;
    defaultId = effectiveDefault;
  }

  void delete(String switchboardId) {
    require(switchboardId);
    id = null;
    enabled = false;
    defaultId = null;
    members.clear();
  }

  /** POST .../switchboardIntegrations. */
  Member add(String switchboardId, ObjectNode body, SuncoIntegrations integrations) {
    require(switchboardId);
    if (members.size() >= LIMIT) {
      throw new SuncoError(400, "too_many_switchboard_integrations",
          "Switchboard has reached the max number of switchboard integrations (" + LIMIT + ")");
    }
    Member member = new Member(ObjectIds.next());
    member.deliverStandbyEvents = true;
    apply(member, body, integrations, true);
    members.put(member.id, member);
    return member;
  }

  /** PATCH .../switchboardIntegrations/{id}. */
  Member update(String switchboardId, String memberId, ObjectNode body, SuncoIntegrations integrations) {
    require(switchboardId);
    Member member = member(memberId);
    apply(member, body, integrations, false);
    return member;
  }

  /** DELETE .../switchboardIntegrations/{id}: not the default of an enabled switchboard. */
  Member remove(String switchboardId, String memberId) {
    require(switchboardId);
    Member member = member(memberId);
    if (enabled && member.id.equals(defaultId)) {
      throw SuncoError.badRequest("Enabled switchboard must have an associated default switchboardIntegration");
    }
    members.remove(memberId);
    if (member.id.equals(defaultId)) {
      defaultId = null;
    }
    members.values().forEach(m -> {
      if (member.id.equals(m.nextSwitchboardIntegrationId)) {
        m.nextSwitchboardIntegrationId = null;
      }
    });
    return member;
  }

  /** The members of an integration (deleted integrations leave the switchboard). */
  List<Member> removeIntegration(String integrationId) {
    List<Member> gone = new ArrayList<>();
    for (Member m : List.copyOf(members.values())) {
      if (integrationId.equals(m.integrationId)) {
        members.remove(m.id);
        gone.add(m);
        if (m.id.equals(defaultId)) {
          defaultId = null;
          enabled = false;
        }
      }
    }
    return gone;
  }

  Member member(String memberId) {
    Member member = members.get(memberId);
    if (member == null) {
      throw new SuncoError(404, "switchboard_integration_not_found", "SwitchboardIntegration not found");
    }
    return member;
  }

  Optional<Member> find(String memberId) {
    return memberId == null ? Optional.empty() : Optional.ofNullable(members.get(memberId));
  }

  /** A passControl/offerControl target: an id, a name, an integration type or "next" (from {@code current}). */
  Optional<Member> target(String target, String current) {
    if (target.equals("next")) {
      return find(current).flatMap(m -> find(m.nextSwitchboardIntegrationId));
    }
    Member byId = members.get(target);
    if (byId != null) {
      return Optional.of(byId);
    }
    return members.values().stream().filter(m -> target.equals(m.name) || target.equals(m.integrationType))
        .findFirst();
  }

  Optional<Member> defaultMember() {
    return enabled() ? find(defaultId) : Optional.empty();
  }

  Optional<Member> ofIntegration(String integrationId) {
    return members.values().stream().filter(m -> integrationId.equals(m.integrationId)).findFirst();
  }

  Optional<Member> agentWorkspace() {
    return members.values().stream().filter(m -> AGENT_WORKSPACE.equals(m.integrationType)).findFirst();
  }

  List<Member> members() {
    return List.copyOf(members.values());
  }

  private void apply(Member member, ObjectNode body, SuncoIntegrations integrations, boolean create) {
    SuncoJson.only(body, "", FIELDS);
    String name = SuncoJson.text(body, "name", "", 1, 128);
    if (create && name == null) {
      throw SuncoError.badRequest("name is required");
    }
    if (name != null && members.values().stream().anyMatch(m -> m != member && name.equals(m.name))) {
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
      if (!integrationType.equals(AGENT_WORKSPACE)) {
        throw SuncoError.badRequest("integrationType alone must name a first-party integration (zd:agentWorkspace)");
      }
      integrationId = agentWorkspace().map(m -> m.integrationId).orElse(ObjectIds.next());
    }
    String newIntegration = integrationId;
    if (newIntegration != null && members.values().stream()
        .anyMatch(m -> m != member && newIntegration.equals(m.integrationId))) {
      throw SuncoError.badRequest("This integration is already in the switchboard");
    }
    Boolean standby = SuncoJson.bool(body, "deliverStandbyEvents", "");
    JsonNode next = body.get("nextSwitchboardIntegrationId");
    if (next != null && !next.isNull() && (!next.isTextual() || !members.containsKey(next.asText()))) {
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
