package io.baton.connector.webhooks;

import java.util.List;
import java.util.Map;

/**
 * The slot a webhook-driven platform fills: where its webhooks arrive, how their signature is checked with the
 * connection's secrets, and the events a delivery holds. Platforms post to {@code /webhooks/<name>/<connectionId>}.
 */
public interface WebhookSource {
  /** The path segment after {@code /webhooks/}. */
  String name();

  /**
   * Whether the request is genuine, given the secrets of the connection it names (the connection's secrets from
   * {@code connections.v1} and what its activation learned, such as a subscription's signing key). Constant time.
   */
  boolean verify(WebhookRequest request, Map<String, String> secrets);

  /** The events of a verified delivery; throws {@link IllegalArgumentException} when it cannot be read. */
  List<WebhookEvent> events(WebhookRequest request);
}
