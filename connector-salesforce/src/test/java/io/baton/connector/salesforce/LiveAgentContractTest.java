package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.liveagent.LiveAgentSimulator;
import java.time.Duration;

/** The connector contract against the sandbox's Live Agent: long polls, every desk action, no webhooks. */
class LiveAgentContractTest extends ConnectorContract {
  /** A short poll hold, and resumed chats waiting out one hold before polling, as they wait out Salesforce's. */
  static final Duration HOLD = Duration.ofMillis(400);

  @Override
  protected ContractHarness harness() {
    return new ContractHarness() {
      @Override
      public Platform platform() {
        return Platform.salesforce;
      }

      @Override
      public String simulator() {
        return LiveAgentSimulator.NAME;
      }

      @Override
      public SandboxConfig sandbox(SandboxConfig config) {
        return config.withLongPollHold(HOLD).withSessionTimeout(Duration.ofSeconds(30));
      }

      @Override
      public Instance start(ConnectorFixture fx, String instanceId) {
        ConnectorHost host = SalesforceConnector.liveAgent(SalesforceConfig.forLiveAgentUrl(
            fx.sandbox.liveAgentRestUrl()).withResumePollDelay(HOLD.plusMillis(200)).withHost(
                HostConfig.defaults(SalesforceConfig.LIVE_AGENT_LIMITS).withInstanceId(instanceId)),
            fx.settings);
        host.start();
        return host::stop;
      }

      @Override
      public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
        return SalesforceSeeds.startChat(visitorName, "5736g000000k9nQ");
      }

      @Override
      public void refuseNextStart(ConnectorFixture fx) {
        fx.sandbox.liveAgent().setAgentsOnline(false);
      }

      @Override
      public void acceptStarts(ConnectorFixture fx) {
        fx.sandbox.liveAgent().setAgentsOnline(true);
      }

      @Override
      public String visitorMessageKey(DeskChat chat) {
        return "Chasitor/ChatMessage";
      }
    };
  }
}
