package io.baton.connector.salesforce;

import io.baton.connector.ConnectorHost;
import io.baton.connector.chats.Chats;
import io.baton.connector.salesforce.liveagent.LiveAgentPlatform;
import io.baton.connector.salesforce.miaw.MiawLimits;
import io.baton.connector.salesforce.miaw.MiawPlatform;
import io.baton.events.Platform;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/**
 * The Salesforce connector service: Live Agent chats and MIAW conversations, each platform in the slot of the
 * runtime's chat lifecycle ({@link Chats}), hosted by the shared connector runtime.
 */
public final class SalesforceConnector {
  private SalesforceConnector() {}

  public static ConnectorHost liveAgent(SalesforceConfig config, KafkaSettings kafka) {
    return new ConnectorHost("connector-salesforce", Platform.salesforce, kafka, config.host(),
        ctx -> new Chats<>(new LiveAgentPlatform(config, ctx), ctx));
  }

  /** MIAW conversations, on their own commands topic ({@code connector.salesforce_miaw.commands.v2}). */
  public static ConnectorHost miaw(SalesforceConfig config, KafkaSettings kafka) {
    return miaw(config, kafka, MiawLimits.documented());
  }

  /** MIAW with other rate limits than the documented ones (tests scale their windows down). */
  public static ConnectorHost miaw(SalesforceConfig config, KafkaSettings kafka, MiawLimits limits) {
    return new ConnectorHost("connector-salesforce-miaw", Platform.salesforce_miaw, kafka, config.host(),
        ctx -> new Chats<>(new MiawPlatform(config, ctx, limits), ctx));
  }

  public static void main(String[] args) {
    SalesforceConfig config = SalesforceConfig.fromEnv(System.getenv());
    KafkaSettings kafka = KafkaSettings.fromEnv(System.getenv());
    Service.runUntilShutdown(new OperationsPort(System.getenv()), liveAgent(config, kafka), miaw(config, kafka));
  }
}
