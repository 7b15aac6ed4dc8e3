package io.baton.service;

import io.baton.operations.OperationsServer;
import java.util.Map;
import java.util.OptionalInt;

/**
 * The process's operations port ({@code BATON_OPS_PORT}, 9180 by default: metrics and health) as a service: a main
 * starts it first, so probes answer while the rest starts, and it stops last.
 */
public final class OperationsPort implements Service {
  private final Map<String, String> env;
  private OperationsServer server;

  public OperationsPort(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  @Override
  public synchronized void start() {
    if (server == null) {
      server = OperationsServer.fromEnv(env).orElse(null);
    }
  }

  /** The port it listens on; empty when {@code BATON_OPS_PORT=off} or not started. */
  public synchronized OptionalInt port() {
    return server == null ? OptionalInt.empty() : OptionalInt.of(server.port());
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
    }
  }
}
