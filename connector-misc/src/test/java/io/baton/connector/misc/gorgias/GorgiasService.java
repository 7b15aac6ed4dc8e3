package io.baton.connector.misc.gorgias;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.util.List;

/** The Gorgias part alone on a webhook server, as {@code MiscConnector} runs it: the tests start only what they test. */
final class GorgiasService extends WebhookService {
  private final GorgiasConfig config;
  private final SealedSecrets secrets;
  private final KafkaSettings kafka;
  private volatile GorgiasConnector gorgias;

  GorgiasService(GorgiasConfig config, SealedSecrets secrets, KafkaSettings kafka, String publicUrl) {
    super(0, publicUrl);
    this.config = config;
    this.secrets = secrets;
    this.kafka = kafka;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    gorgias = new GorgiasConnector(config, secrets, kafka, webhooks, base);
    return List.of(gorgias);
  }

  GorgiasConnector gorgias() {
    return gorgias;
  }
}
