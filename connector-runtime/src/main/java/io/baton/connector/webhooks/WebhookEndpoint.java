package io.baton.connector.webhooks;

import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a webhook-driven connector registers: where the platform posts ({@code /webhooks/<name>/...}), how to check
 * its signature, the events a delivery holds (platforms batch several), and what to do with the events not seen
 * lately. The handler's stage completes once they are safely recorded (on Kafka); only then does the platform get
 * its 200. {@link WebhookInbox#endpoint} builds the usual one.
 *
 * @param events the events of a verified request; throwing {@link IllegalArgumentException} or giving none, or one
 *               without an id, refuses the call (400)
 */
public record WebhookEndpoint(String name, SignatureCheck signature,
    Function<WebhookRequest, List<WebhookEvent>> events,
    Function<List<WebhookEvent>, CompletionStage<Void>> handler) {

  public WebhookEndpoint {
    if (!name.matches("[a-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("an endpoint name is [a-z0-9_-]{1,64}, was " + name);
    }
  }
}
