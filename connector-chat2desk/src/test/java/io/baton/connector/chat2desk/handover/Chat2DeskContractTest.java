package io.baton.connector.chat2desk.handover;

import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.connector.testkit.RoundRobinBalancer;
import io.baton.events.Chat2DeskHandover;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.kit.DeskChat;
import java.time.Duration;

/**
 * The connector contract for Chat2Desk as a handover target: Baton's widget visitors become clients of the external
 * channel, handed over to the Support group. Every member is offline, so the dialog waits in the group's queue until
 * an operator takes it at the desk ({@code dialog_transferred}: joined). Webhooks are not replayed here: Chat2Desk's
 * HMAC signs the body alone, with no time, so a stale replay cannot be told from a retry (its derived event id makes
 * it harmless; the signature checks are the channel's tests').
 */
class Chat2DeskContractTest extends ConnectorContract {

  @Override
  protected ContractHarness harness() {
    return new Chat2DeskHarness();
  }

  record Chat2DeskInstance(Chat2DeskConnector connector, RoundRobinBalancer door) implements ContractHarness.Instance {
    @Override
    public void stop() {
      door.remove(connector.webhookPort());
      connector.stop();
    }
  }

  static final class Chat2DeskHarness implements ContractHarness {
    private RoundRobinBalancer door;

    @Override
    public Platform platform() {
      return Platform.chat2desk;
    }

    @Override
    public String simulator() {
      return Chat2DeskSimulator.NAME;
    }

    @Override
    public String connectionId() {
      return Chat2DeskHandoverSeeds.CONNECTION;
    }

    @Override
    public HelpdeskSandbox startSandbox(SandboxConfig config) {
      HelpdeskSandbox sandbox = Chat2DeskHandoverSeeds.sandbox(config);
      for (long operator : new long[] {Chat2DeskCompany.ALEX_OPERATOR_ID, Chat2DeskCompany.MARIA_OPERATOR_ID,
          Chat2DeskCompany.OLEG_OPERATOR_ID}) {
        sandbox.chat2desk().setOnline(operator, false); // the group's queue holds the dialogs until the desk accepts
      }
      return sandbox;
    }

    @Override
    public synchronized Instance start(ConnectorFixture fx, String instanceId) throws Exception {
      if (door == null) {
        door = new RoundRobinBalancer();
        Chat2DeskHandoverSeeds.connection(fx, door, Chat2DeskHandoverSeeds.settings());
      }
      return new Chat2DeskInstance(Chat2DeskHandoverSeeds.connector(fx, door, instanceId), door);
    }

    @Override
    public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
      return Chat2DeskHandoverSeeds.startChat(conversation, visitorName, new Chat2DeskHandover(null,
          Long.toString(Chat2DeskCompany.SUPPORT_GROUP_ID), false));
    }

    @Override
    public void refuseNextStart(ConnectorFixture fx) {
      faults(fx).failNext("messages.inbox", 400, Duration.ZERO, 1);
    }

    @Override
    public String visitorMessageKey(DeskChat chat) {
      return "messages.inbox";
    }
  }
}
