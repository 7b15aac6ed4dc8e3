package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The switchboard actions on a conversation: passControl and offerControl (to an id, a name or an integration type,
 * in that order of precedence, or {@code "next"}; a type two integrations share is ambiguous: 400), acceptControl,
 * releaseControl, each raising its {@code switchboard:*} webhook to the integrations that receive the conversation's
 * events once the action is done ({@link SuncoConversations#receives}). A target that does not resolve, or a passControl to the Agent Workspace whose
 * {@code dataCapture.systemField.group_id} names no Support group, changes nothing and raises the action's
 * {@code :failure} event with {@code error:{code:"switchboard_invalid_target", message}}; the call itself answers 200,
 * since the failure is reported asynchronously. acceptControl without a pending offer and releaseControl with nobody
 * in control are 403 forbidden.
 */
final class SwitchboardControl {
  static final String GROUP_ID = "dataCapture.systemField.group_id";
  private static final Set<String> TARGETED = Set.of("switchboardIntegration", "metadata");

  private final SuncoConversations conversations;
  private final Switchboard switchboard;
  private AgentWorkspace workspace;

  SwitchboardControl(SuncoConversations conversations, Switchboard switchboard) {
    this.conversations = conversations;
    this.switchboard = switchboard;
  }

  void workspace(AgentWorkspace workspace) {
    this.workspace = workspace;
  }

  void passControl(String conversationId, ObjectNode body) {
    SuncoConversation c = conversations.require(conversationId);
    ObjectNode metadata = targeted(body);
    Optional<SwitchboardMember> target = resolve(body, c);
    if (target.isEmpty()) {
      failure(c, "switchboard:passControl:failure", metadata, "Switchboard invalid target");
      return;
    }
    SwitchboardMember member = target.get();
    boolean toWorkspace = Switchboard.AGENT_WORKSPACE.equals(member.integrationType);
    if (toWorkspace) {
      String problem = workspace.refusal(metadata);
      if (problem != null) {
        failure(c, "switchboard:passControl:failure", metadata, problem);
        return;
      }
    }
    leaveWorkspace(c, member.id, "Control passed to " + member.name);
    c.activeMemberId = member.id;
    c.pendingMemberId = null;
    event(c, "switchboard:passControl", metadata, null);
    if (toWorkspace) {
      workspace.open(c, metadata);
    }
  }

  void offerControl(String conversationId, ObjectNode body) {
    SuncoConversation c = conversations.require(conversationId);
    ObjectNode metadata = targeted(body);
    Optional<SwitchboardMember> target = resolve(body, c);
    if (target.isEmpty() || target.get().id.equals(c.activeMemberId)) {
      failure(c, "switchboard:offerControl:failure", metadata, "Switchboard invalid target");
      return;
    }
    c.pendingMemberId = target.get().id;
    event(c, "switchboard:offerControl", metadata, null);
    if (Switchboard.AGENT_WORKSPACE.equals(target.get().integrationType)) {
      workspace.open(c, metadata); // the agent's accept is the acceptControl
    }
  }

  void acceptControl(String conversationId, ObjectNode body) {
    SuncoConversation c = conversations.require(conversationId);
    SuncoJson.only(body, "", Set.of("metadata"));
    ObjectNode metadata = SuncoJson.metadata(body, "");
    if (c.pendingMemberId == null) {
      throw SuncoError.forbidden();
    }
    accept(c, metadata);
  }

  /** The pending integration takes control (the API's acceptControl, or the agent accepting an offered ticket). */
  void accept(SuncoConversation c, ObjectNode metadata) {
    leaveWorkspace(c, c.pendingMemberId, "Control accepted by another integration");
    c.activeMemberId = c.pendingMemberId;
    c.pendingMemberId = null;
    event(c, "switchboard:acceptControl", metadata, null);
  }

  void releaseControl(String conversationId, ObjectNode body) {
    SuncoConversation c = conversations.require(conversationId);
    SuncoJson.only(body, "", Set.of("metadata"));
    ObjectNode metadata = SuncoJson.metadata(body, "");
    if (c.activeMemberId == null) {
      throw SuncoError.forbidden();
    }
    leaveWorkspace(c, null, "Control released");
    c.activeMemberId = null;
    c.pendingMemberId = null;
    event(c, "switchboard:releaseControl", metadata, null);
  }

  /**
   * The Agent Workspace gives the conversation back after its ticket closed ({@code ticketClosed}) or moved to email
   * ({@code transferToEmail}): to its {@code nextSwitchboardIntegrationId}, else the switchboard's default when that
   * is not the workspace itself (a {@code switchboard:passControl} with the reason), else to nobody (a
   * {@code switchboard:releaseControl} with the reason).
   */
  void returnFromWorkspace(SuncoConversation c, String reason) {
    Optional<SwitchboardMember> current = switchboard.find(c.activeMemberId);
    Optional<SwitchboardMember> next = current.flatMap(m -> switchboard.find(m.nextSwitchboardIntegrationId))
        .or(() -> switchboard.defaultMember().filter(m -> !m.id.equals(c.activeMemberId)));
    c.pendingMemberId = null;
    if (next.isPresent()) {
      c.activeMemberId = next.get().id;
      event(c, "switchboard:passControl", null, reason);
    } else {
      c.activeMemberId = null;
      event(c, "switchboard:releaseControl", null, reason);
    }
  }

  boolean workspaceActive(SuncoConversation c) {
    return switchboard.find(c.activeMemberId).map(m -> Switchboard.AGENT_WORKSPACE.equals(m.integrationType))
        .orElse(false);
  }

  private void leaveWorkspace(SuncoConversation c, String newMemberId, String why) {
    Optional<SwitchboardMember> workspaceMember = switchboard.agentWorkspace();
    if (workspaceMember.isPresent() && !workspaceMember.get().id.equals(newMemberId)) {
      workspace.closeQuietly(c, why);
    }
  }

  private static ObjectNode targeted(ObjectNode body) {
    SuncoJson.only(body, "", TARGETED);
    if (SuncoJson.text(body, "switchboardIntegration", "", 1, 128) == null) {
      throw SuncoError.badRequest("switchboardIntegration is required");
    }
    return SuncoJson.metadata(body, "");
  }

  private Optional<SwitchboardMember> resolve(ObjectNode body, SuncoConversation c) {
    if (!switchboard.enabled()) {
      return Optional.empty();
    }
    return switchboard.target(body.get("switchboardIntegration").asText(), c.activeMemberId);
  }

  private void failure(SuncoConversation c, String type, ObjectNode metadata, String message) {
    ObjectNode error = SuncoJson.object().put("code", "switchboard_invalid_target").put("message", message);
    conversations.publish(List.of(new SuncoWebhooks.Event(type,
        w -> conversations.payloads().control(c, metadata, null, error), conversations.receives(c))));
  }

  private void event(SuncoConversation c, String type, ObjectNode metadata, String reason) {
    conversations.publish(List.of(new SuncoWebhooks.Event(type,
        w -> conversations.payloads().control(c, metadata, reason, null), conversations.receives(c))));
  }
}
