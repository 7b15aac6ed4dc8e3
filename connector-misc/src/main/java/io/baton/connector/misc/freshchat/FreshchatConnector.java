package io.baton.connector.misc.freshchat;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;

/** The Freshchat part of connector-misc, on the runtime's webhook family. */
public final class FreshchatConnector implements Service {
  public FreshchatConnector(FreshchatConfig config, SealedSecrets connectionSecrets, KafkaSettings kafka,
      WebhookServer webhooks, String base) {}

  @Override
  public void start() {
    throw new IllegalStateException("the Freshchat connector is being built (issue 16)");
  }

  @Override
  public void stop() {}
}
