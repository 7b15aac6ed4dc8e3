package io.baton.connector.misc.freshchat;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;

/**
 * The Freshchat part alone on a webhook server, as {@code MiscConnector} runs it next to Kustomer: the Freshchat tests
 * start only what they test.
 */
final class FreshchatService extends WebhookService {
  private final FreshchatConfig config;
  private final SealedSecrets secrets;
  private final KafkaSettings kafka;
  private volatile FreshchatConnector freshchat;

  FreshchatService(FreshchatConfig config, SealedSecrets secrets, KafkaSettings kafka, String publicUrl) {
    super(0, publicUrl);
    this.config = config;
    this.secrets = secrets;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    freshchat = new FreshchatConnector(config, secrets, kafka, webhooks, base);
    return List.of(freshchat);
  }

  FreshchatConnector freshchat() {
    return freshchat;
  }
}
