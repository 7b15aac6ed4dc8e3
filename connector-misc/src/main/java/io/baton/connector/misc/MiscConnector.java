package io.baton.connector.misc;

import io.baton.connector.misc.freshchat.FreshchatConnector;
import io.baton.connector.misc.gorgias.GorgiasConnector;
import io.baton.connector.misc.kustomer.KustomerConnector;
import io.baton.connector.misc.oracle.OracleConnector;
import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;

/**
 * The connector-misc service: Kustomer ({@code connector.kustomer.commands.v2}), Freshchat
 * ({@code connector.freshchat.commands.v2}) and Gorgias ({@code connector.gorgias.commands.v2}), each on the shared
 * connector runtime's webhook family, behind one webhook server ({@code /webhooks/kustomer/<connection>},
 * {@code /webhooks/freshchat/<connection>}, {@code /webhooks/gorgias/<connection>}); and Oracle B2C Service chat
 * ({@code connector.oracle_chat.commands.v2}), long-polled, with connections but no webhooks.
 */
public final class MiscConnector extends WebhookService {
  private final MiscConfig config;
  private final KafkaSettings kafka;
  private volatile KustomerConnector kustomer;
  private volatile FreshchatConnector freshchat;
  private volatile GorgiasConnector gorgias;
  private volatile OracleConnector oracle;

  public MiscConnector(MiscConfig config, KafkaSettings kafka) {
    super("connector-misc", config.webhookPort(), config.webhookPublicUrl());
    this.config = config;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    kustomer = new KustomerConnector(config.kustomer(), config.connectionSecrets(), kafka, webhooks, base);
    freshchat = new FreshchatConnector(config.freshchat(), config.connectionSecrets(), kafka, webhooks, base);
    gorgias = new GorgiasConnector(config.gorgias(), config.connectionSecrets(), kafka, webhooks, base);
    oracle = new OracleConnector(config.oracle(), config.connectionSecrets(), kafka); // long-polled: no webhooks
    return List.of(kustomer, freshchat, gorgias, oracle);
  }

  /** The Kustomer part (null before the service started). */
  public KustomerConnector kustomer() {
    return kustomer;
  }

  /** The Freshchat part (null before the service started). */
  public FreshchatConnector freshchat() {
    return freshchat;
  }

  /** The Gorgias part (null before the service started). */
  public GorgiasConnector gorgias() {
    return gorgias;
  }

  /** The Oracle B2C Service chat part (null before the service started). */
  public OracleConnector oracle() {
    return oracle;
  }

  public static void main(String[] args) {
    Service.runUntilShutdown(new OperationsPort(System.getenv()), new MiscConnector(MiscConfig.fromEnv(System.getenv()),
        KafkaSettings.fromEnv(System.getenv())));
  }
}
