package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.HostConfig;
import io.baton.connector.testkit.ConnectorContract;
import io.baton.connector.testkit.ConnectorFixture;
import io.baton.connector.testkit.ContractHarness;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.TranscriptRole;
import io.baton.events.VisitorContext;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.kit.DeskChat;
import io.baton.sandbox.liveagent.LiveAgentSimulator;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

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
        HandoverRequested request = HandoverRequested.newBuilder().setEventId(UUID.randomUUID().toString())
            .setOccurredAt(Instant.now()).setTenant(ConnectorFixture.TENANT).setConversationId(conversation)
            .setPlatform(Platform.salesforce)
            .setPayload(SalesforceLiveAgentHandover.newBuilder().setOrganizationId("00D6g000003Q6HI")
                .setDeploymentId("5726g000000k9nQ").setButtonId("5736g000000k9nQ")
                .setLiveAgentHostname("d.la1-c2-ia4.salesforceliveagent.com").setLanguage("en-US").setIsPost(true)
                .build())
            .setContext(VisitorContext.newBuilder().setName(visitorName)
                .setPageProperties(Map.of("userAgent", "UA/1", "screenRes", "800x600")).build())
            .build();
        return new StartChat(request, List.of(new TranscriptEntry(TranscriptRole.visitor, "help", Instant.EPOCH)));
      }

      @Override
      public Optional<DeskChat> deskChat(ConnectorFixture fx, String conversation, String visitorName) {
        return fx.desk(simulator()).chats().stream().filter(c -> visitorName.equals(c.visitorName())).findFirst();
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
