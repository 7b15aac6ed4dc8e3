package io.baton.operations.kafka;

import io.baton.operations.HealthCheck;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.MetricName;

/**
 * Whether the Kafka cluster answers a service's clients, from the clients' own counters (a probe sends nothing): the
 * responses a client received ({@code response-total}) grow at least once per fetch wait while a consumer fetches and
 * once per heartbeat (3 s) while it is in a group, broker or no traffic. A count that did not grow for longer than
 * {@link #PATIENCE}, as seen by the probes, is a broker gone, unreachable or stuck.
 *
 * <p>Only counters of clients that always talk to the cluster tell: a producer that writes nothing hears from it
 * once per metadata refresh (5 minutes), so each service names a consumer it keeps fetching or in a group.
 */
public final class KafkaContact {
  /** Silence longer than this is down: above the 3 s heartbeat of a member with nothing to fetch, with margin. */
  public static final Duration PATIENCE = Duration.ofSeconds(10);

  private final List<Supplier<? extends Map<MetricName, ? extends Metric>>> clients;
  private final Duration patience;
  private final LongSupplier nanos;
  private double lastCount = -1;
  private long lastAnswer;

  /** {@code clients}: each a client's {@code metrics()} (an empty map while it does not exist). */
  public KafkaContact(List<Supplier<? extends Map<MetricName, ? extends Metric>>> clients, Duration patience,
      LongSupplier nanos) {
    this.clients = List.copyOf(clients);
    this.patience = patience;
    this.nanos = nanos;
  }

  public static KafkaContact of(Supplier<? extends Map<MetricName, ? extends Metric>> client) {
    return new KafkaContact(List.of(client), PATIENCE, System::nanoTime);
  }

  /** Up while the clients heard from the cluster within the patience; the detail says how long it has been silent. */
  public synchronized HealthCheck.Status status() {
    double count = responses();
    long now = nanos.getAsLong();
    if (count != lastCount) { // grown, or a client replaced: an answer since the last look
      lastAnswer = now;
      lastCount = count;
    }
    if (count <= 0) {
      return HealthCheck.Status.down("no answer from Kafka yet");
    }
    long silentMillis = (now - lastAnswer) / 1_000_000;
    if (silentMillis > patience.toMillis()) {
      return HealthCheck.Status.down("no answer from Kafka for " + silentMillis / 1000 + " s");
    }
    return HealthCheck.Status.up("Kafka answers");
  }

  private double responses() {
    double sum = 0;
    for (Supplier<? extends Map<MetricName, ? extends Metric>> client : clients) {
      for (Map.Entry<MetricName, ? extends Metric> e : client.get().entrySet()) {
        MetricName name = e.getKey();
        // The client-wide count (consumer-metrics, producer-metrics, ...), not its per-broker copies (*-node-metrics).
        if (name.name().equals("response-total") && !name.group().endsWith("-node-metrics")
            && e.getValue().metricValue() instanceof Number n) {
          sum += n.doubleValue();
        }
      }
    }
    return sum;
  }
}
