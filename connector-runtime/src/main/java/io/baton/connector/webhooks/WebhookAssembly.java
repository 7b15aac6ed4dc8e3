package io.baton.connector.webhooks;

import io.baton.connector.ConnectorHost;
import io.baton.connector.connections.PlatformConnections;

/**
 * How a webhook-driven platform builds its parts once the runtime is up ({@link WebhookConnector}): from the
 * runtime's context (calls, writes, refs) and the platform's connections, which exist already, so a part that reads
 * a connection's settings or secrets can be given them. Runs once per start, before any command or webhook.
 */
@FunctionalInterface
public interface WebhookAssembly<S> {
  WebhookParts<S> assemble(ConnectorHost.Context context, PlatformConnections connections);
}
