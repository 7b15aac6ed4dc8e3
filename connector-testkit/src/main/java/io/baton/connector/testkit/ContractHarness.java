package io.baton.connector.testkit;

import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.DeskAction;
import io.baton.sandbox.kit.DeskChat;
import java.util.Optional;
import java.util.Set;

/** What {@link ConnectorContract} needs to know of one connector and its simulator. */
public interface ContractHarness {
  /** The platform of the connector's commands and agent events. */
  Platform platform();

  /** The sandbox simulator it talks to: {@code liveagent}, {@code miaw}, {@code dixa}. */
  String simulator();

  /** The connection id the router puts on commands (null for none). */
  default String connectionId() {
    return null;
  }

  /** The sandbox's settings for this connector (port 0 already set), e.g. a short Live Agent poll hold. */
  default SandboxConfig sandbox(SandboxConfig config) {
    return config;
  }

  /** Starts the sandbox with these settings (a simulator's own settings may be added here). */
  default HelpdeskSandbox startSandbox(SandboxConfig config) {
    return HelpdeskSandbox.start(config);
  }

  /** Starts a connector instance with this instance id, ready to take commands. */
  Instance start(ConnectorFixture fx, String instanceId) throws Exception;

  /** The handover payload of a visitor called {@code visitorName} (unique per chat). */
  StartChat startChat(ConnectorFixture fx, String conversation, String visitorName);

  /**
   * The chat at the agent desk that a Baton conversation opened, if there is one yet: by default the one whose
   * visitor has that (unique) name.
   */
  default Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
    return fx.desk(simulator()).chats().stream().filter(c -> visitorName.equals(c.visitorName())).findFirst();
  }

  /**
   * The desk chat whose context field {@code field} holds the conversation's handover id ({@code h-<conversation>}),
   * for platforms that store it on the chat (an external id, a custom property).
   */
  default Optional<DeskChat> deskChatOfHandover(ConnectorFixture fx, String conversation, String field) {
    return fx.desk(simulator()).chats().stream()
        .filter(c -> ("h-" + conversation).equals(c.context().get(field))).findFirst();
  }

  /** The platform refuses the next start (no agent, routing failed, a 4xx...). */
  void refuseNextStart(ConnectorFixture fx);

  /**
   * What makes an agent's accept visible where the platform has no assignment event (Sunshine Conversations: the
   * agent is seen when they first write, so the agent greets); nothing on most platforms.
   */
  default void accepted(ConnectorFixture fx, AgentDesk desk, String deskId, String agent) {}

  /** An agent event that only carries an accept made visible by {@link #accepted} (the greeting): not compared. */
  default boolean joinSignal(Object event) {
    return false;
  }

  /** The desk's actions the platform's API shows the connector (an unassignment SunCo never reports is not). */
  default Set<DeskAction> relayed(Set<DeskAction> actions) {
    return actions;
  }

  /** Undoes {@link #refuseNextStart} if it left something switched off. */
  default void acceptStarts(ConnectorFixture fx) {}

  /** The fault injector of the simulator's API. */
  default ApiFaults faults(ConnectorFixture fx) {
    return fx.sandbox.faults(simulator());
  }

  /** The fault key (see {@link ApiFaults}) of the visitor's messages in this chat: where a 429 storm goes. */
  String visitorMessageKey(DeskChat chat);

  /** For platforms that push webhooks: how to replay and forge them. */
  default Optional<Webhooks> webhooks() {
    return Optional.empty();
  }

  /** A running connector instance. */
  interface Instance {
    /** Stops it abruptly, in this JVM: no draining of running commands. */
    void stop();
  }

  /** How a webhook is signed when posted by hand. */
  enum Signing {
    /** Correctly, now: what the platform does when it delivers again. */
    FRESH,
    /** With the right key, but long ago: a replay. */
    STALE,
    /** With a key that is not the connection's. */
    OTHER_KEY,
    /** With the right key over another body: a signature copied onto a changed body. */
    OTHER_BODY,
    /** Not at all. */
    NONE
  }

  /** Raw webhooks, posted straight to a connector instance as a replaying proxy or an attacker would. */
  interface Webhooks {
    /** The body of the last webhook about this desk chat that the platform delivered and the connector took. */
    String lastDelivered(ConnectorFixture fx, DeskChat chat);

    /** The body changed into another event (one that would end the chat) with another event id. */
    String forged(String body);

    /** Posts the body to the instance's webhook endpoint; the HTTP status. */
    int post(ConnectorFixture fx, Instance instance, String body, Signing signing) throws Exception;
  }
}
