package io.baton.connector.misc.kustomer;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/** The Kustomer part of connector-misc, on the runtime's webhook family. */
public final class KustomerConnector implements Service {
  public KustomerConnector(KustomerConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      WebhookServer webhooks, String base) {}

  @Override
  public void start() {
    throw new IllegalStateException("the Kustomer connector is being built (issue 16)");
  }

  @Override
  public void stop() {}
}
