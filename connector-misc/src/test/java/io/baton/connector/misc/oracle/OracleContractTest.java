package io.baton.connector.misc.oracle;

import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.events.AgentMessage;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.oracle.OracleChatSimulator;

/**
 * The connector contract against the sandbox's Oracle B2C Service chat: long polls, every desk action (an agent's
 * greeting on joining is the join's own message, not compared), no webhooks. Its kill-and-restart scenario is the
 * Oracle one: chats resumed from their links, nothing lost or doubled.
 */
class OracleContractTest extends ConnectorContract {
  @Override
  protected ContractHarness harness() {
    return new ContractHarness() {
      private boolean connected;

      @Override
      public Platform platform() {
        return Platform.oracle_chat;
      }

      @Override
      public String simulator() {
        return OracleChatSimulator.NAME;
      }

      @Override
      public String connectionId() {
        return OracleSeeds.CONNECTION;
      }

      @Override
      public HelpdeskSandbox startSandbox(SandboxConfig config) {
        return OracleSeeds.sandbox(config);
      }

      @Override
      public synchronized Instance start(ConnectorFixture fx, String instanceId) {
        if (!connected) {
          OracleSeeds.connection(fx, OracleSeeds.settings(fx));
          connected = true;
        }
        return OracleSeeds.connector(fx, instanceId)::stop;
      }

      @Override
      public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
        return OracleSeeds.startChat(visitorName);
      }

      /** The greeting Oracle's participant-added message carries, relayed as the agent's first message. */
      @Override
      public boolean joinSignal(Object event) {
        return event instanceof AgentMessage m && m.getAgentName() != null
            && m.getText().equals("Hi, my name is " + m.getAgentName() + ". How can I help you?");
      }

      @Override
      public void refuseNextStart(ConnectorFixture fx) {
        OracleSeeds.oracle(fx).agentsOnline(0);
      }

      @Override
      public void acceptStarts(ConnectorFixture fx) {
        OracleSeeds.oracle(fx).agentsOnline(1);
      }

      @Override
      public String visitorMessageKey(DeskChat chat) {
        return "postMessage";
      }
    };
  }
}
