package io.baton.connector.zendesk.support;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.topics.KafkaSettings;

/** Placeholder of the Support part of the Zendesk connector: being built (issue 14). */
public final class SupportConnector {
  public SupportConnector(ZendeskConfig config, KafkaSettings kafka, WebhookServer webhooks, String webhookBase) {}

  public void start() {}

  public void stop() {}
}
