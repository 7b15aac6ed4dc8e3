package io.baton.operations;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.core.instrument.binder.system.UptimeMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one process shows its operators: a Prometheus registry joined to Micrometer's global registry (services record
 * their meters on {@link Metrics#globalRegistry}, tagged with their {@code service}), the JVM's own meters, and the
 * named readiness checks of every service in the process. {@link OperationsServer} serves them over HTTP.
 */
public final class Operations {
  private static final Operations PROCESS = new Operations();

  private final PrometheusMeterRegistry prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
  private final Map<String, HealthCheck> readiness = new LinkedHashMap<>();

  private Operations() {
    Metrics.addRegistry(prometheus);
    new ClassLoaderMetrics().bindTo(prometheus);
    new JvmMemoryMetrics().bindTo(prometheus);
    new JvmGcMetrics().bindTo(prometheus);
    new JvmThreadMetrics().bindTo(prometheus);
    new ProcessorMetrics().bindTo(prometheus);
    new UptimeMetrics().bindTo(prometheus);
  }

  /** This process's operations (one per JVM: the local stack runs every service in one). */
  public static Operations process() {
    return PROCESS;
  }

  /** Where services record their meters. */
  public static MeterRegistry meters() {
    return Metrics.globalRegistry;
  }

  /** The Prometheus text exposition of every meter of the process. */
  public String scrape() {
    return prometheus.scrape();
  }

  /** Adds (or replaces) a readiness check under {@code name}, e.g. {@code router.streams}. */
  public synchronized void ready(String name, HealthCheck check) {
    readiness.put(name, check);
  }

  /** Removes a check of a stopped service, so a stopped service does not keep the process unready or ready. */
  public synchronized void forget(String name) {
    readiness.remove(name);
  }

  /**
   * Removes {@code check} only if it is still the one under {@code name}: a second instance of a service in the same
   * process (as tests run them) may have replaced it, and the first one's stop must not take the second's away.
   */
  public synchronized void forget(String name, HealthCheck check) {
    readiness.remove(name, check);
  }

  /** Every check's status now, in the order they were added; a check that throws is down with the exception. */
  public synchronized Map<String, HealthCheck.Status> readiness() {
    Map<String, HealthCheck.Status> out = new LinkedHashMap<>();
    readiness.forEach((name, check) -> {
      HealthCheck.Status status;
      try {
        status = check.check();
      } catch (RuntimeException e) {
        status = HealthCheck.Status.down(e.getClass().getSimpleName() + ": " + e.getMessage());
      }
      out.put(name, status);
    });
    return out;
  }
}
