package io.baton.operations;

import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.kafka.KafkaClientMetrics;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.producer.Producer;

/**
 * A Kafka client's own metrics (records lag per partition and its max, request rates, errors) as meters of the
 * process, tagged with the service that owns the client; Kafka's {@code client.id} tells the clients apart. Closing the
 * binding removes them: close it when the client closes.
 */
public final class KafkaClientMeters {
  private KafkaClientMeters() {}

  public static AutoCloseable bind(Consumer<?, ?> consumer, String service) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(consumer, Tags.of("service", service));
    metrics.bindTo(Operations.meters());
    return metrics;
  }

  public static AutoCloseable bind(Producer<?, ?> producer, String service) {
    KafkaClientMetrics metrics = new KafkaClientMetrics(producer, Tags.of("service", service));
    metrics.bindTo(Operations.meters());
    return metrics;
  }

  /** Closes a binding; a binding never fails to close in a way the caller could act on. */
  public static void unbind(AutoCloseable binding) {
    if (binding != null) {
      try {
        binding.close();
      } catch (Exception e) {
        // nothing to do: the meters stay until the process ends
      }
    }
  }
}
