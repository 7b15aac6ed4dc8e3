package io.baton.connector.webhooks;

import io.baton.operations.Operations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * What a webhook server answered: {@code baton.webhook.deliveries} by endpoint (the platform) and outcome
 * ({@code accepted}, {@code duplicate}, {@code refused}), and {@code baton.webhook.refusals} by endpoint and the
 * problem type it answered ({@code bad-signature}, {@code not-ready}, {@code not-recorded}, ...).
 */
final class WebhookMeters {
  /** The endpoint tag of calls to no registered endpoint (never the path itself: anyone can make up paths). */
  static final String NO_ENDPOINT = "none";
  private final MeterRegistry registry;
  private final String service;

  WebhookMeters(MeterRegistry registry, String service) {
    this.registry = registry;
    this.service = service;
  }

  static WebhookMeters of(String service) {
    return new WebhookMeters(Operations.meters(), service);
  }

  void answered(String endpoint, String outcome) {
    Counter.builder("baton.webhook.deliveries").description("Webhook calls by endpoint and outcome")
        .tags("service", service, "endpoint", endpoint, "outcome", outcome).register(registry).increment();
  }

  void refused(String endpoint, String reason) {
    answered(endpoint, "refused");
    Counter.builder("baton.webhook.refusals").description("Webhook calls refused, by why")
        .tags("service", service, "endpoint", endpoint, "reason", reason).register(registry).increment();
  }
}
