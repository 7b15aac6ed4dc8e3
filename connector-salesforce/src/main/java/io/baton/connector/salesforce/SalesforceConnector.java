package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.salesforce.liveagent.LiveAgentChats;
import io.baton.events.Platform;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/** The Salesforce connector service: Live Agent chats hosted by the shared connector runtime. */
public final class SalesforceConnector {
  private SalesforceConnector() {}

  public static ConnectorHost liveAgent(SalesforceConfig config, KafkaSettings kafka) {
    return new ConnectorHost("connector-salesforce", Platform.salesforce, kafka,
        ctx -> new LiveAgentChats(config, ctx.agentEvents(), ctx.links()));
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(liveAgent(SalesforceConfig.fromEnv(System.getenv()), KafkaSettings.fromEnv(System.getenv())));
  }
}
