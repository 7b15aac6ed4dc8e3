package io.baton.sandbox.sunco;

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

  /** The Agent Workspace's integration: the account's, whatever becomes of the switchboard. */
  private final String agentWorkspaceIntegrationId;
  private String id;
  private boolean enabled;
  private String defaultId;
  private final Map<String, SwitchboardMember> members = new LinkedHashMap<>();

  Switchboard(String id, String agentWorkspaceMemberId, String agentWorkspaceIntegrationId) {
    this.agentWorkspaceIntegrationId = agentWorkspaceIntegrationId;
    this.id = id;
    SwitchboardMember workspace = new SwitchboardMember(agentWorkspaceMemberId);
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

  String agentWorkspaceIntegrationId() {
    return agentWorkspaceIntegrationId;
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
  SwitchboardMember add(String switchboardId, ObjectNode body, SuncoIntegrations integrations) {
    require(switchboardId);
    if (members.size() >= LIMIT) {
      throw new SuncoError(400, "too_many_switchboard_integrations",
          "Switchboard has reached the max number of switchboard integrations (" + LIMIT + ")");
    }
    SwitchboardMember member = new SwitchboardMember(ObjectIds.next());
    member.deliverStandbyEvents = true;
    SwitchboardIntegrationBody.apply(member, body, this, integrations, true);
    members.put(member.id, member);
    return member;
  }

  /** PATCH .../switchboardIntegrations/{id}. */
  SwitchboardMember update(String switchboardId, String memberId, ObjectNode body, SuncoIntegrations integrations) {
    require(switchboardId);
    SwitchboardMember member = member(memberId);
    SwitchboardIntegrationBody.apply(member, body, this, integrations, false);
    return member;
  }

  /** DELETE .../switchboardIntegrations/{id}: not the default of an enabled switchboard. */
  SwitchboardMember remove(String switchboardId, String memberId) {
    require(switchboardId);
    SwitchboardMember member = member(memberId);
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
  List<SwitchboardMember> removeIntegration(String integrationId) {
    List<SwitchboardMember> gone = new ArrayList<>();
    for (SwitchboardMember m : List.copyOf(members.values())) {
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

  SwitchboardMember member(String memberId) {
    SwitchboardMember member = members.get(memberId);
    if (member == null) {
      throw new SuncoError(404, "switchboard_integration_not_found", "SwitchboardIntegration not found");
    }
    return member;
  }

  Optional<SwitchboardMember> find(String memberId) {
    return memberId == null ? Optional.empty() : Optional.ofNullable(members.get(memberId));
  }

  /**
   * A passControl/offerControl target: an id, else a name, else an integration type (400 when two integrations have
   * it), or "next" (from {@code current}).
   */
  Optional<SwitchboardMember> target(String target, String current) {
    if (target.equals("next")) {
      return find(current).flatMap(m -> find(m.nextSwitchboardIntegrationId));
    }
    SwitchboardMember byId = members.get(target);
    if (byId != null) {
      return Optional.of(byId);
    }
    Optional<SwitchboardMember> byName = members.values().stream().filter(m -> target.equals(m.name)).findFirst();
    if (byName.isPresent()) {
      return byName;
    }
    List<SwitchboardMember> byType = members.values().stream().filter(m -> target.equals(m.integrationType))
        .toList();
    if (byType.size() > 1) {
      throw SuncoError.badRequest("Ambiguous switchboard integration: " + byType.size() + " have type " + target);
    }
    return byType.stream().findFirst();
  }

  Optional<SwitchboardMember> defaultMember() {
    return enabled() ? find(defaultId) : Optional.empty();
  }

  Optional<SwitchboardMember> ofIntegration(String integrationId) {
    return members.values().stream().filter(m -> integrationId.equals(m.integrationId)).findFirst();
  }

  Optional<SwitchboardMember> agentWorkspace() {
    return members.values().stream().filter(m -> AGENT_WORKSPACE.equals(m.integrationType)).findFirst();
  }

  List<SwitchboardMember> members() {
    return List.copyOf(members.values());
  }
}
