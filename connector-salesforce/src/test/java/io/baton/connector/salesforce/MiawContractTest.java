package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.miaw.MiawSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/** The connector contract against the sandbox's MIAW: an event stream, an agent who can leave, no transfer. */
class MiawContractTest extends ConnectorContract {

  @Override
  protected ContractHarness harness() {
    return new ContractHarness() {
      @Override
      public Platform platform() {
        return Platform.salesforce_miaw;
      }

      @Override
      public String simulator() {
        return MiawSimulator.NAME;
      }

      @Override
      public Instance start(ConnectorFixture fx, String instanceId) {
        ConnectorHost host = SalesforceConnector.miaw(SalesforceConfig.forLiveAgentUrl(fx.sandbox.liveAgentRestUrl())
            .withResumePollDelay(Duration.ofMillis(600)).withMiawUrl(fx.sandbox.miawUrl()).withHost(
                HostConfig.defaults(SalesforceConfig.LIVE_AGENT_LIMITS).withInstanceId(instanceId)),
            fx.settings);
        host.start();
        return host::stop;
      }

      @Override
      public StartChat startChat(ConnectorFixture fx, String conversation, String visitorName) {
        HandoverRequested handover = HandoverRequested.newBuilder().setEventId("h-" + conversation)
            .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
            .setPlatform(Platform.salesforce_miaw)
            .setPayload(SalesforceMiawHandover.newBuilder().setScrtUrl("acme.my.salesforce-scrt.com").setOrgId("00D")
                .setEsDeveloperName("Web_Chat").build())
            .setContext(VisitorContext.newBuilder().setName(visitorName).build()).build();
        return new StartChat(handover, List.of(new TranscriptEntry(TranscriptRole.visitor, "help", Instant.EPOCH)));
      }

      @Override
      public void refuseNextStart(ConnectorFixture fx) {
        fx.sandbox.miawFaults().failNext("conversation", 400, null, 1);
      }

      @Override
      public String visitorMessageKey(DeskChat chat) {
        return "conversation/" + chat.id() + "/message";
      }
    };
  }
}
