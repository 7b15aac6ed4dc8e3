package io.baton.service;

/**
 * A Baton service: something with a lifecycle that the local stack, a main method, or a test starts and stops.
 * {@code start} returns once the service is ready to do its work (topics exist, ports are bound).
 */
public interface Service extends AutoCloseable {
  void start();

  /** Stops the service; safe to call twice. */
  void stop();

  @Override
  default void close() {
    stop();
  }

  /** Runs services until the JVM is asked to stop (SIGTERM, Ctrl-C), then stops them in reverse order. */
  static void runUntilShutdown(Service... services) {
    for (Service s : services) {
      s.start();
    }
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      for (int i = services.length - 1; i >= 0; i--) {
        services[i].stop();
      }
    }, "shutdown"));
  }
}
