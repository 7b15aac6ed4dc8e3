package io.baton.connector.calls;

import io.baton.operations.Operations;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.ConnectException;
import java.net.http.HttpTimeoutException;
import java.util.concurrent.TimeoutException;

/**
 * What a connector's platform calls did, each try on its own: {@code baton.platform.calls} by platform and status
 * ({@code ok}, the platform's error status such as {@code 429}, {@code timeout}, {@code unreachable} or {@code error})
 * and {@code baton.platform.call.retries} by the status that was retried.
 */
final class CallMeters {
  private final MeterRegistry registry;
  private final String service;
  private final String platform;

  CallMeters(MeterRegistry registry, String service, String platform) {
    this.registry = registry;
    this.service = service;
    this.platform = platform;
  }

  static CallMeters of(String service, String platform) {
    return new CallMeters(Operations.meters(), service, platform);
  }

  void tried(Throwable error) {
    counter("baton.platform.calls", "Platform calls by status, every try", status(error)).increment();
  }

  void retried(Throwable error) {
    counter("baton.platform.call.retries", "Platform calls tried again, by the status retried", status(error))
        .increment();
  }

  /** A status small enough to be a tag: the platform's HTTP error status, or what kind of failure it was. */
  static String status(Throwable error) {
    if (error == null) {
      return "ok";
    }
    Throwable cause = RetryPolicy.unwrap(error);
    if (cause instanceof PlatformCallFailed failed) {
      return Integer.toString(failed.status());
    }
    if (cause instanceof HttpTimeoutException || cause instanceof TimeoutException) {
      return "timeout";
    }
    if (cause instanceof ConnectException) {
      return "unreachable";
    }
    return "error";
  }

  private Counter counter(String name, String description, String status) {
    return Counter.builder(name).description(description)
        .tags("service", service, "platform", platform, "status", status).register(registry);
  }
}
