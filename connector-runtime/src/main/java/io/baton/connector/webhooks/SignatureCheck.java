package io.baton.connector.webhooks;

/** A platform's proof that a webhook call is genuine; each webhook-driven connector brings its own. */
@FunctionalInterface
public interface SignatureCheck {
  boolean verify(WebhookRequest request);
}
