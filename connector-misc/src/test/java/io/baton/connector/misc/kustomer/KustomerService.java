package io.baton.connector.misc.kustomer;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;

/** The Kustomer part alone behind its own webhook server, as {@code MiscConnector} runs it beside Freshchat's. */
final class KustomerService extends WebhookService {
  private final KustomerConfig config;
  private final SealedSecrets secrets;
  private final KafkaSettings kafka;
  private volatile KustomerConnector kustomer;

  KustomerService(KustomerConfig config, SealedSecrets secrets, KafkaSettings kafka, int port) {
    super(port, "http://localhost:" + port);
    this.config = config;
    this.secrets = secrets;
    this.kafka = kafka;
  }

  @Override
  protected List<? extends Service> assemble(WebhookServer server, String base) {
    String url = "http://localhost:" + server.port();
    kustomer = new KustomerConnector(config, secrets, kafka, server, url);
    return List.of(kustomer);
  }

  KustomerConnector kustomer() {
    return kustomer;
  }
}
