package io.baton.connector.webhooks;

import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * What a webhook-driven connector registers: where the platform posts ({@code /webhooks/<name>/...}), how to check
 * its signature, where its event id is, and what to do with an event. The handler's stage completes once the event
 * is safely recorded (on Kafka); only then does the platform get its 200.
 *
 * @param eventId the platform's event id (a header or a body field); empty = the call is refused (400)
 */
public record WebhookEndpoint(String name, SignatureCheck signature, Function<WebhookRequest, Optional<String>> eventId,
    Function<WebhookRequest, CompletionStage<Void>> handler) {

  public WebhookEndpoint {
    if (!name.matches("[a-z0-9_-]{1,64}")) {
      throw new IllegalArgumentException("an endpoint name is [a-z0-9_-]{1,64}, was " + name);
    }
  }
}
